/**
 * postMessage between the loader (host page) and the chat frame (Sotto's
 * origin). Each side posts only to the other's exact origin and accepts a
 * message only when both `event.origin` and `event.source` are the expected
 * ones; shapes are checked before use.
 */
export type TToFrame =
  /** Reply to "ready": the stored visitor token (with consent) and whether the frame may ask to persist one. */
  | { sotto: 1; t: "init"; token: string | null; persist: boolean }
  | { sotto: 1; t: "open" }
  | { sotto: 1; t: "closed" }
  | { sotto: 1; t: "consent"; persist: boolean };

export type TToHost =
  | { sotto: 1; t: "ready" }
  /** A (renewed) visitor token to keep in the host page's storage: only sent while persisting is allowed. */
  | { sotto: 1; t: "visitor"; token: string }
  | { sotto: 1; t: "close" }
  | { sotto: 1; t: "unread"; count: number };

export function isMessage<T extends { t: string }>(data: unknown, types: readonly T["t"][]): data is T {
  if (!data || typeof data !== "object" || (data as { sotto?: unknown }).sotto !== 1) return false;
  const t = (data as { t?: unknown }).t;
  return typeof t === "string" && (types as readonly string[]).includes(t);
}
