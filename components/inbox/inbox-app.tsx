"use client";

import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { hasRole } from "@/lib/auth/roles";
import type { TInboxBootstrap } from "@/lib/inbox/bootstrap";
import type { TLabelDto, TMessageDto } from "@/lib/inbox/types";
import { createInboxApi } from "./api";
import { InboxContext, type TInboxContext, type TInboxMe } from "./inbox-context";
import { InboxSidebar } from "./inbox-sidebar";
import { ConversationList } from "./conversation-list";
import { ConversationView } from "./conversation-view";
import { EmptyConversation } from "./empty-conversation";
import { ShortcutsDialog } from "./shortcuts-dialog";
import { CommandsContext, useShortcuts, type TCommands } from "./commands";
import { useInboxEvents } from "./use-inbox-events";
import { useInboxUrl } from "./use-inbox-url";

type TProps = { tenant: { id: string; slug: string; name: string }; me: TInboxMe; bootstrap: TInboxBootstrap };

/** The agents' inbox: sidebar of folders, conversation list, open conversation, contact details. */
export function InboxApp(props: TProps) {
  const [client] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          // Live updates keep the cache fresh; refetching on focus would only add load.
          queries: { staleTime: 60_000, gcTime: 10 * 60_000, refetchOnWindowFocus: false, retry: 1 },
          mutations: { retry: 0 },
        },
      }),
  );
  return (
    <QueryClientProvider client={client}>
      <InboxInner {...props} />
    </QueryClientProvider>
  );
}

function InboxInner({ tenant, me, bootstrap }: TProps) {
  const api = useMemo(() => createInboxApi(tenant.slug), [tenant.slug]);
  const [labels, setLabels] = useState<TLabelDto[]>(bootstrap.labels);
  const [announcement, setAnnouncement] = useState("");
  // Wide screens have room for the details beside the thread; narrower ones open it on demand.
  const [contactPanelOpen, setContactPanelOpen] = useState(() => typeof window !== "undefined" && window.matchMedia("(min-width: 1800px)").matches);
  const [helpOpen, setHelpOpen] = useState(false);
  const { selectedId } = useInboxUrl();
  const commands = useRef<TCommands>({});

  const announce = useCallback((text: string) => {
    // Clearing first makes a repeated message be read again.
    setAnnouncement("");
    requestAnimationFrame(() => setAnnouncement(text));
  }, []);

  const ctx: TInboxContext = useMemo(
    () => ({
      tenant,
      me,
      canAct: hasRole(me.role, "agent"),
      isAdmin: hasRole(me.role, "admin"),
      data: { ...bootstrap, labels },
      api,
      addLabel: (l) => setLabels((prev) => [...prev.filter((x) => x.id !== l.id), l].sort((a, b) => a.name.localeCompare(b.name))),
      announce,
      contactPanelOpen,
      setContactPanelOpen,
    }),
    [tenant, me, bootstrap, labels, api, announce, contactPanelOpen],
  );

  const selectedRef = useRef(selectedId);
  useEffect(() => {
    selectedRef.current = selectedId;
  }, [selectedId]);
  const onIncoming = useCallback(
    (m: TMessageDto) => {
      if (m.conversationId !== selectedRef.current || m.authorType === "system") return;
      if (m.authorType === "agent" && m.author.id === me.id) return;
      const who = m.authorType === "contact" ? (m.author.name ?? "the contact") : (m.author.name ?? "a teammate");
      announce(`${m.isPrivate ? "New note" : "New message"} from ${who}`);
    },
    [announce, me.id],
  );
  const onMentioned = useCallback(() => announce("A teammate mentioned you in a note. Open Mentions to see it."), [announce]);
  const live = useInboxEvents({ api, userId: me.id, onIncoming, onMentioned });

  useShortcuts(commands, { onHelp: () => setHelpOpen(true), helpOpen });
  const [foldersOpen, setFoldersOpen] = useState(false);

  return (
    <InboxContext.Provider value={ctx}>
      <CommandsContext.Provider value={commands}>
        <div data-full-bleed className="flex h-[calc(100dvh-3.6rem)] min-h-[32rem] flex-col overflow-hidden bg-white">
          {/* Below lg the folders and filters do not fit beside the list: they open over it. */}
          <div className="flex items-center border-b border-slate-200 px-3 py-2 lg:hidden">
            <button
              type="button"
              aria-expanded={foldersOpen}
              aria-controls="inbox-folders"
              onClick={() => setFoldersOpen((o) => !o)}
              className="rounded-md border border-slate-300 px-3 py-1 text-sm font-medium text-slate-700 hover:bg-slate-50 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
            >
              {foldersOpen ? "Close folders and filters" : "Folders and filters"}
            </button>
          </div>
          <div className="relative flex min-h-0 flex-1">
            <InboxSidebar live={live} onShowShortcuts={() => setHelpOpen(true)} open={foldersOpen} onClose={() => setFoldersOpen(false)} />
            <ConversationList />
            <section aria-label="Conversation" className="relative flex min-w-0 flex-1 flex-col bg-slate-50/60">
              {selectedId ? <ConversationView key={selectedId} conversationId={selectedId} /> : <EmptyConversation />}
            </section>
          </div>
        </div>
        <div aria-live="polite" role="status" className="sr-only">
          {announcement}
        </div>
        <ShortcutsDialog open={helpOpen} onClose={() => setHelpOpen(false)} />
      </CommandsContext.Provider>
    </InboxContext.Provider>
  );
}
