/**
 * @mentions in private notes. The composer inserts `@Name` and sends the
 * member ids it picked; the server keeps only ids of real members whose `@Name`
 * is still in the text (the agent may have deleted it after picking).
 * Stored as payload.mentions = [{ userId, name }] and highlighted when shown.
 */
export type TMention = { userId: string; name: string };

export function mentionToken(name: string): string {
  return `@${name}`;
}

export function keepPresentMentions(text: string, candidates: TMention[]): TMention[] {
  const seen = new Set<string>();
  return candidates.filter((m) => {
    if (seen.has(m.userId) || !text.includes(mentionToken(m.name))) return false;
    seen.add(m.userId);
    return true;
  });
}

/** Splits note text into plain parts and mention parts, longest names first so "@Ana Maria" wins over "@Ana". */
export function splitMentions(text: string, mentions: TMention[]): { text: string; mention?: TMention }[] {
  const tokens = [...mentions].sort((a, b) => b.name.length - a.name.length);
  const out: { text: string; mention?: TMention }[] = [];
  let i = 0;
  let plain = "";
  while (i < text.length) {
    const hit = text[i] === "@" ? tokens.find((m) => text.startsWith(mentionToken(m.name), i)) : undefined;
    if (hit) {
      if (plain) out.push({ text: plain });
      plain = "";
      out.push({ text: mentionToken(hit.name), mention: hit });
      i += mentionToken(hit.name).length;
    } else {
      plain += text[i];
      i++;
    }
  }
  if (plain) out.push({ text: plain });
  return out;
}

/** Reads payload.mentions defensively: payloads are JSON written by older and newer releases. */
export function mentionsFromPayload(payload: Record<string, unknown>): TMention[] {
  const raw = payload.mentions;
  if (!Array.isArray(raw)) return [];
  return raw.filter(
    (m): m is TMention => !!m && typeof m === "object" && typeof (m as TMention).userId === "string" && typeof (m as TMention).name === "string",
  );
}
