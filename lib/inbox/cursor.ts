import { ZEntityId } from "./filters";

/**
 * Keyset cursors over (timestamp desc, id desc): stable while new rows arrive at
 * the top, unlike offsets. Opaque to the browser; anything malformed means "first page".
 */
export function encodeCursor(c: { at: string | Date; id: string }): string {
  const at = new Date(c.at).toISOString();
  return Buffer.from(`${at}|${c.id}`, "utf8").toString("base64url");
}

export function decodeCursor(cursor: string | null | undefined): { at: Date; id: string } | null {
  if (!cursor || cursor.length > 200 || !/^[A-Za-z0-9_-]+$/.test(cursor)) return null;
  const raw = Buffer.from(cursor, "base64url").toString("utf8");
  const [at, id, ...rest] = raw.split("|");
  if (rest.length || !at || !id || !ZEntityId.safeParse(id).success) return null;
  const d = new Date(at);
  if (Number.isNaN(d.getTime()) || d.toISOString() !== at) return null;
  return { at: d, id };
}
