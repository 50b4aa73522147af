/**
 * The chat frame's view of the conversation: stored messages merged from the
 * history, send replies and the live stream, in any order and any number of
 * times. Pure (no DOM).
 */
import type { TWidgetMessage } from "./public-types";

const RANK: Record<TWidgetMessage["status"], number> = { received: 0, sent: 1, delivered: 2, read: 3 };

/** Newer version wins; a status never moves backwards even if an older copy arrives late. */
export function mergeMessages(current: readonly TWidgetMessage[], incoming: readonly TWidgetMessage[]): TWidgetMessage[] {
  const byId = new Map(current.map((m) => [m.id, m]));
  for (const m of incoming) {
    const old = byId.get(m.id);
    if (!old) {
      byId.set(m.id, m);
      continue;
    }
    const newer = Number(m.version) >= Number(old.version) ? m : old;
    const status = RANK[m.status] > RANK[old.status] ? m.status : old.status;
    byId.set(m.id, { ...newer, status });
  }
  return [...byId.values()].sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Agent messages the visitor's browser has not yet acknowledged to this level. */
export function needingAck(messages: readonly TWidgetMessage[], level: "delivered" | "read"): string[] {
  return messages.filter((m) => m.from !== "visitor" && RANK[m.status] >= RANK.sent && RANK[m.status] < RANK[level]).map((m) => m.id);
}
