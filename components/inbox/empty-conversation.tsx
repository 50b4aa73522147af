import { InboxIcon } from "./icons";
import { Kbd } from "./ui";

export function EmptyConversation() {
  return (
    <div className="flex flex-1 flex-col items-center justify-center gap-3 p-8 text-center">
      <span className="flex size-14 items-center justify-center rounded-2xl bg-white text-slate-400 shadow-sm ring-1 ring-slate-200">
        <InboxIcon className="size-7" />
      </span>
      <h2 className="text-base font-semibold text-slate-800">No conversation selected</h2>
      <p className="max-w-xs text-sm text-slate-500">
        Pick a conversation from the list, or press <Kbd>j</Kbd> to open the first one. <Kbd>?</Kbd> shows every shortcut.
      </p>
    </div>
  );
}
