import { mentionsFromPayload, splitMentions } from "@/lib/inbox/mentions";

const URL_RE = /\bhttps?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]]/g;

/** Plain message text with http(s) links made clickable; nothing is parsed as HTML. */
export function Linkified({ text }: { text: string }) {
  const out: React.ReactNode[] = [];
  let last = 0;
  for (const m of text.matchAll(URL_RE)) {
    const i = m.index ?? 0;
    if (i > last) out.push(text.slice(last, i));
    out.push(
      <a key={i} href={m[0]} target="_blank" rel="noopener noreferrer nofollow" className="underline decoration-current/40 underline-offset-2 hover:decoration-current">
        {m[0]}
      </a>,
    );
    last = i + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return <>{out}</>;
}

/** A note's text with its @mentions highlighted. */
export function WithMentions({ text, payload }: { text: string; payload: Record<string, unknown> }) {
  const mentions = mentionsFromPayload(payload);
  if (!mentions.length) return <Linkified text={text} />;
  return (
    <>
      {splitMentions(text, mentions).map((p, i) =>
        p.mention ? (
          <span key={i} className="rounded bg-amber-200/70 px-0.5 font-medium text-amber-950">
            {p.text}
          </span>
        ) : (
          <Linkified key={i} text={p.text} />
        ),
      )}
    </>
  );
}
