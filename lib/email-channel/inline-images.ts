import { sanitizeEmailHtml, type TCidResolution } from "./sanitize";

/**
 * Inline email images (`<img src="cid:…">`, RFC 2392) shown in the inbox.
 *
 * Ingest stores the sanitised HTML with each cid image's content id in
 * `data-cid` (sanitize.ts), and the poll stores each MIME part as an
 * Attachment of the message with its Content-ID (attachments.ts). When the
 * inbox reads a message, `renderEmailHtml` sanitises the stored HTML once more
 * with a resolver that knows only **that message's own** attachments: a cid
 * becomes the same-origin signed download URL of the matching stored image,
 * or a text placeholder (still being stored, refused, not an image, or not a
 * part of this email). A cid naming another message's or another tenant's
 * part therefore resolves to nothing: there is no lookup beyond the rows the
 * caller passes in, which it read under the tenant's RLS for this message.
 *
 * Matching follows what mail clients send: the Content-ID header has angle
 * brackets and the cid URL does not (some clients add them anyway), the URL
 * may be %-encoded, and case differs between the two in the wild (Outlook's
 * `image001.png@01DA…` ids in particular). Exact match first, then
 * case-insensitive.
 */

/** Stored types a browser shows in an <img> (the download route serves these inline). HEIC is stored but browsers cannot draw it. */
export const INLINE_IMAGE_TYPES: ReadonlySet<string> = new Set(["image/jpeg", "image/png", "image/gif", "image/webp", "image/avif"]);

export type TInlineAttachment = { id: string; contentId: string | null; contentType: string; fileName?: string };

export type TRenderedEmailHtml = {
  html: string | null;
  /** Attachments shown inside the body: the message's attachment list leaves them out. */
  inlineAttachmentIds: Set<string>;
};

/** A content id as written in a Content-ID header or a cid: URL, in one comparable form (null when empty). */
export function normaliseContentId(raw: string | null | undefined): string | null {
  if (raw == null) return null;
  let s = raw.trim();
  if (/^cid:/i.test(s)) s = s.slice(4).trim();
  s = s.replace(/^<+/, "").replace(/>+$/, "").trim();
  if (s.includes("%")) {
    try {
      s = decodeURIComponent(s);
    } catch {
      // A stray % that is not an escape: compare the text as written.
    }
  }
  return s ? s : null;
}

const obj = (v: unknown): Record<string, unknown> => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

type TDeclared = { index: number; contentId: string };
type TFetchItem = { index: number; status: string; attachmentId?: string; reason?: string };

/** The parts the email declared (payload.attachments, index for index with payload.mediaFetch.items). */
function declaredParts(payload: Record<string, unknown>): TDeclared[] {
  const list = Array.isArray(payload.attachments) ? payload.attachments : [];
  return list.flatMap((a, index) => {
    const id = normaliseContentId(typeof obj(a).contentId === "string" ? (obj(a).contentId as string) : null);
    return id ? [{ index, contentId: id }] : [];
  });
}

function fetchOutcome(payload: Record<string, unknown>): TFetchItem[] | null {
  const mf = payload.mediaFetch;
  if (!mf || typeof mf !== "object") return null;
  const items = (mf as { items?: unknown }).items;
  if (!Array.isArray(items)) return [];
  return items.flatMap((i) => {
    const o = obj(i);
    return typeof o.index === "number" && typeof o.status === "string"
      ? [{ index: o.index, status: o.status, attachmentId: typeof o.attachmentId === "string" ? o.attachmentId : undefined, reason: typeof o.reason === "string" ? o.reason : undefined }]
      : [];
  });
}

/** Finds by exact (normalised) id first, then ignoring case. */
function byContentId<T>(items: T[], key: (t: T) => string | null, wanted: string): T | undefined {
  const exact = items.find((t) => key(t) === wanted);
  if (exact) return exact;
  const lower = wanted.toLowerCase();
  return items.find((t) => key(t)?.toLowerCase() === lower);
}

/**
 * A resolver for one message: `attachments` are that message's rows only,
 * `payload` its payload, `urlFor` mints a same-origin path (signed URL) for
 * one of those attachments.
 */
export function inlineImageResolver(input: { attachments: TInlineAttachment[]; payload: Record<string, unknown>; urlFor: (attachmentId: string) => string }) {
  const rows = input.attachments.map((a) => ({ ...a, key: normaliseContentId(a.contentId) }));
  const declared = declaredParts(input.payload);
  const outcome = fetchOutcome(input.payload);
  const used = new Set<string>();

  const image = (row: TInlineAttachment): TCidResolution => {
    if (!INLINE_IMAGE_TYPES.has(row.contentType)) {
      return { kind: "placeholder", state: "unavailable", reason: `The attached file (${row.contentType}) cannot be shown as an image; it is listed with the attachments.` };
    }
    used.add(row.id);
    return { kind: "image", src: input.urlFor(row.id) };
  };

  const resolve = (raw: string): TCidResolution => {
    const wanted = normaliseContentId(raw);
    if (!wanted) return { kind: "placeholder", state: "missing", reason: "The image has no content id." };
    const row = byContentId(rows, (r) => r.key, wanted);
    if (row) return image(row);
    const part = byContentId(declared, (d) => d.contentId, wanted);
    if (!part) return { kind: "placeholder", state: "missing", reason: "The email refers to an image it does not contain." };
    if (!outcome) return { kind: "placeholder", state: "pending", reason: "The image is still being stored. It appears when it is ready." };
    const item = outcome.find((i) => i.index === part.index);
    // Stored before Content-IDs were kept on the rows: the recorded outcome names the attachment (still only among this message's rows).
    const recorded = item?.status === "stored" && item.attachmentId ? rows.find((r) => r.id === item.attachmentId) : undefined;
    if (recorded) return image(recorded);
    if (item?.status === "failed") return { kind: "placeholder", state: "unavailable", reason: item.reason ?? "The image could not be stored." };
    return { kind: "placeholder", state: "unavailable", reason: "The image is no longer available." };
  };

  return { resolve, used };
}

/**
 * The stored (sanitised) HTML of an email as the inbox shows it: cid images
 * of this message resolved, everything else exactly as the sanitiser allows
 * (remote images stay blocked). HTML without cid images is returned as is.
 */
export function renderEmailHtml(
  html: string | null,
  input: { attachments: TInlineAttachment[]; payload: Record<string, unknown>; urlFor: (attachmentId: string) => string },
): TRenderedEmailHtml {
  if (!html || !/\sdata-cid=/i.test(html)) return { html, inlineAttachmentIds: new Set() };
  const { resolve, used } = inlineImageResolver(input);
  const out = sanitizeEmailHtml(html, { resolveCid: resolve });
  return { html: out.html, inlineAttachmentIds: used };
}

/** The path and query of a signed URL: the email frame loads it from the page's own origin, whatever APP_URL says. */
export function sameOriginPath(url: string): string {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
}
