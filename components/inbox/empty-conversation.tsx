"use client";

import { useInbox } from "./inbox-context";
import { InboxIcon } from "./icons";
import { Kbd } from "./ui";

export function EmptyConversation() {
  const { tenant, data, canAct } = useInbox();
  const hasWidget = data.channels.some((c) => c.type === "widget" && c.status === "active");
  return (
    <div className="flex flex-1 flex-col items-center justify-center gap-3 p-8 text-center">
      <span className="flex size-14 items-center justify-center rounded-2xl bg-white text-slate-400 shadow-sm ring-1 ring-slate-200">
        <InboxIcon className="size-7" />
      </span>
      <h2 className="text-base font-semibold text-slate-800">No conversation selected</h2>
      <p className="max-w-xs text-sm text-slate-500">
        Pick a conversation from the list, or press <Kbd>j</Kbd> to open the first one. <Kbd>?</Kbd> shows every shortcut.
      </p>
      {hasWidget && canAct ? (
        // A full page load: the widget's loader belongs to that page, not to the inbox.
        <a href={`/t/${tenant.slug}/inbox/try-widget`} target="_blank" rel="noopener" className="text-sm font-medium text-brand-700 hover:underline">
          Try the website chat as a visitor
        </a>
      ) : null}
    </div>
  );
}
