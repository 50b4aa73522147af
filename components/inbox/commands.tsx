"use client";

import { createContext, useContext, useEffect, type RefObject } from "react";

/**
 * Keyboard shortcuts. Components register what a key does while they are on
 * screen; one document listener dispatches. Keys never fire while the agent is
 * typing in a field, with a modifier held, or inside an open menu or dialog.
 */
export type TCommandName = "next" | "prev" | "reply" | "note" | "assignToMe" | "resolve" | "snooze" | "search" | "close";
export type TCommands = Partial<Record<TCommandName, () => void>>;

export const SHORTCUTS: { keys: string[]; label: string; command: TCommandName | "help" }[] = [
  { keys: ["j"], label: "Next conversation", command: "next" },
  { keys: ["k"], label: "Previous conversation", command: "prev" },
  { keys: ["r"], label: "Reply", command: "reply" },
  { keys: ["n"], label: "Private note", command: "note" },
  { keys: ["a"], label: "Assign to me", command: "assignToMe" },
  { keys: ["e"], label: "Resolve or reopen", command: "resolve" },
  { keys: ["s"], label: "Snooze", command: "snooze" },
  { keys: ["/"], label: "Search", command: "search" },
  { keys: ["Esc"], label: "Close conversation or menu", command: "close" },
  { keys: ["?"], label: "Show keyboard shortcuts", command: "help" },
];

const KEY_TO_COMMAND: Record<string, TCommandName> = { j: "next", k: "prev", r: "reply", n: "note", a: "assignToMe", e: "resolve", s: "snooze", "/": "search", Escape: "close" };

export const CommandsContext = createContext<RefObject<TCommands> | null>(null);

export function isTypingTarget(el: EventTarget | null): boolean {
  if (!(el instanceof HTMLElement)) return false;
  if (el.isContentEditable) return true;
  const tag = el.tagName;
  if (tag === "TEXTAREA" || tag === "SELECT") return true;
  if (tag === "INPUT") {
    const type = (el as HTMLInputElement).type;
    return !["checkbox", "radio", "button", "submit", "reset"].includes(type);
  }
  return false;
}

export function useShortcuts(commands: RefObject<TCommands>, opts: { onHelp: () => void; helpOpen: boolean }) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.metaKey || e.ctrlKey || e.altKey || opts.helpOpen) return;
      if (isTypingTarget(e.target)) return;
      const target = e.target as HTMLElement | null;
      if (target?.closest?.("[role=menu], [role=dialog], dialog")) return;
      if (e.key === "?") {
        e.preventDefault();
        opts.onHelp();
        return;
      }
      const name = KEY_TO_COMMAND[e.key.length === 1 ? e.key.toLowerCase() : e.key];
      if (!name || (e.shiftKey && name !== "search")) return;
      const run = commands.current?.[name];
      if (!run) return;
      e.preventDefault();
      run();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [commands, opts]);
}

/** Registers commands for as long as the calling component is mounted (latest closures win). */
export function useRegisterCommands(cmds: TCommands) {
  const ref = useContext(CommandsContext);
  useEffect(() => {
    if (!ref?.current) return;
    const target = ref.current;
    Object.assign(target, cmds);
    return () => {
      for (const [k, fn] of Object.entries(cmds)) if (target[k as TCommandName] === fn) delete target[k as TCommandName];
    };
  });
}
