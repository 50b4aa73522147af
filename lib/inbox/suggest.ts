/**
 * The composer's autocomplete trigger: a `/shortcut` (canned responses, replies
 * and notes) or an `@name` (mentions, notes only) being typed at the caret. A
 * trigger starts a word, so "and/or" and "name@example.com" never open a menu.
 */
export type TComposerMode = "reply" | "note";
export type TSuggestion = { kind: "canned" | "mention"; start: number; query: string };

export function suggestionAt(text: string, caret: number, mode: TComposerMode): TSuggestion | null {
  const before = text.slice(0, caret);
  const slash = /(?:^|\s)\/([a-z0-9_-]{0,32})$/.exec(before);
  if (slash) return { kind: "canned", start: caret - slash[1]!.length - 1, query: slash[1]! };
  if (mode === "note") {
    const at = /(?:^|\s)@([^\s@]{0,40})$/.exec(before);
    if (at) return { kind: "mention", start: caret - at[1]!.length - 1, query: at[1]! };
  }
  return null;
}
