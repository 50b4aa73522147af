import sanitizeHtml from "sanitize-html";

/**
 * HTML of inbound email, made safe to show inside the dashboard. An allow
 * list, not a block list: anything not named here is dropped.
 *
 * - No scripts, styles sheets, forms, frames, objects, event handlers
 *   (`on*=`), `javascript:`/`vbscript:` URLs or CSS beyond a few harmless
 *   inline properties (no `url()`, no `expression()`).
 * - Remote content is blocked by default: a remote image is a tracking pixel
 *   until proven otherwise (it tells the sender when and where the mail was
 *   read). Remote `<img>` keeps its address in an inert `data-remote-src`
 *   attribute, so the UI can offer "load remote content" later, and
 *   `remoteContentBlocked` says that something was withheld. Inline images
 *   (`cid:`) keep their content id in `data-cid` for the attachment store;
 *   small `data:` images are kept.
 * - Links open in a new tab without referrer or opener.
 *
 * Stored HTML is sanitised once more when the inbox shows it, with
 * `resolveCid` (lib/email-channel/inline-images.ts): each `data-cid` image
 * then gets the signed URL of the same message's stored part, or becomes a
 * text placeholder. The second pass reads its own output (`data-cid`,
 * `data-remote-src`) so re-sanitising is stable, and the `src` it sets is the
 * only one an image can get besides small `data:` images: remote images stay
 * blocked on every pass.
 */

export type TSanitizedHtml = { html: string; remoteContentBlocked: boolean };

/** What an inline (`cid:`) image becomes when the HTML is shown: the stored part's URL, or a placeholder saying why not. */
export type TCidResolution = { kind: "image"; src: string } | { kind: "placeholder"; state: "pending" | "unavailable" | "missing"; reason: string };

export type TSanitizeOptions = { resolveCid?: (contentId: string) => TCidResolution };

/** Marks placeholders the render pass made; an email's own attribute of that name is removed. */
export const PLACEHOLDER_ATTR = "data-inline-image";

const PLACEHOLDER_TEXT: Record<Extract<TCidResolution, { kind: "placeholder" }>["state"], string> = {
  pending: "loading…",
  unavailable: "not available",
  missing: "not included in this email",
};

const MAX_INPUT = 2 * 1024 * 1024;
const SAFE_DATA_IMAGE = /^data:image\/(?:png|gif|jpe?g|webp);base64,[a-z0-9+/=\s]+$/i;
const REMOTE_URL = /^(?:https?:)?\/\//i;
const SAME_ORIGIN_PATH = /^\/(?![/\\])[^\s"'<>]*$/;

const placeholderLabel = (alt: string | undefined) => (alt ?? "").replace(/\s+/g, " ").trim().slice(0, 200) || "Inline image";

const COLOR = [/^#[0-9a-f]{3,8}$/i, /^rgba?\(\s*[\d.%\s,]+\)$/i, /^[a-z]{3,20}$/i];
const LENGTH = [/^-?\d+(?:\.\d+)?(?:px|pt|em|rem|%|ex|ch)?$/i, /^auto$/i];
const LENGTHS = [/^(?:-?\d+(?:\.\d+)?(?:px|pt|em|rem|%)?\s*){1,4}$/i, /^auto$/i];
const BORDER = [/^(?:\d+(?:\.\d+)?(?:px|pt)?\s+)?(?:none|solid|dashed|dotted|double)(?:\s+(?:#[0-9a-f]{3,8}|[a-z]{3,20}|rgba?\([\d.%\s,]+\)))?$/i, /^none$/i, /^0$/];

const allowedStyles: sanitizeHtml.IOptions["allowedStyles"] = {
  "*": {
    color: COLOR,
    "background-color": COLOR,
    "text-align": [/^(?:left|right|center|justify|start|end)$/i],
    "vertical-align": [/^(?:top|middle|bottom|baseline)$/i],
    "font-weight": [/^(?:normal|bold|bolder|lighter|\d{3})$/i],
    "font-style": [/^(?:normal|italic|oblique)$/i],
    "font-size": LENGTH,
    "font-family": [/^[\w\s,'"-]{1,200}$/],
    "line-height": [/^\d+(?:\.\d+)?(?:px|pt|em|rem|%)?$/i, /^normal$/i],
    "text-decoration": [/^(?:none|underline|line-through|overline)$/i],
    "white-space": [/^(?:normal|nowrap|pre|pre-wrap|pre-line)$/i],
    direction: [/^(?:ltr|rtl)$/i],
    width: LENGTH,
    height: LENGTH,
    "max-width": LENGTH,
    padding: LENGTHS,
    "padding-left": LENGTH,
    "padding-right": LENGTH,
    "padding-top": LENGTH,
    "padding-bottom": LENGTH,
    margin: LENGTHS,
    "margin-left": LENGTH,
    "margin-right": LENGTH,
    "margin-top": LENGTH,
    "margin-bottom": LENGTH,
    border: BORDER,
    "border-top": BORDER,
    "border-bottom": BORDER,
    "border-left": BORDER,
    "border-right": BORDER,
    "border-collapse": [/^(?:collapse|separate)$/i],
  },
};

/** Markers of remote content that the allow list drops without a trace (CSS url(), background attributes, linked style sheets). */
const REMOTE_HINTS = [
  /url\(\s*['"]?\s*(?:https?:)?\/\//i,
  /\sbackground\s*=\s*['"]?\s*(?:https?:)?\/\//i,
  /<link\b[^>]*\bhref\s*=\s*['"]?\s*(?:https?:)?\/\//i,
  /\ssrcset\s*=\s*['"][^'"]*(?:https?:)?\/\//i,
  /<(?:iframe|frame|object|embed|video|audio|source)\b[^>]*\b(?:src|data)\s*=\s*['"]?\s*(?:https?:)?\/\//i,
  /@import/i,
];

export function sanitizeEmailHtml(input: string, opts: TSanitizeOptions = {}): TSanitizedHtml {
  const source = input.length > MAX_INPUT ? input.slice(0, MAX_INPUT) : input;
  let remoteContentBlocked = REMOTE_HINTS.some((re) => re.test(source));

  const html = sanitizeHtml(source, {
    allowedTags: [
      "a", "abbr", "address", "b", "bdi", "bdo", "blockquote", "br", "caption", "center", "cite", "code", "col", "colgroup",
      "dd", "del", "div", "dl", "dt", "em", "font", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd",
      "li", "mark", "ol", "p", "pre", "q", "s", "small", "span", "strike", "strong", "sub", "sup", "table", "tbody", "td",
      "tfoot", "th", "thead", "tr", "tt", "u", "ul",
    ],
    disallowedTagsMode: "discard",
    nonTextTags: ["script", "style", "textarea", "option", "noscript", "title", "head", "template", "svg", "math"],
    allowedAttributes: {
      "*": ["style", "dir", "lang", "title", "align", "valign"],
      a: ["href", "name", "target", "rel"],
      img: ["src", "alt", "width", "height", "data-cid", "data-remote-src"],
      ...(opts.resolveCid ? { span: [PLACEHOLDER_ATTR] } : {}),
      table: ["border", "cellpadding", "cellspacing", "width", "bgcolor"],
      td: ["colspan", "rowspan", "width", "height", "bgcolor"],
      th: ["colspan", "rowspan", "width", "height", "bgcolor", "scope"],
      col: ["span", "width"],
      colgroup: ["span", "width"],
      font: ["color", "face", "size"],
      ol: ["start", "type"],
      blockquote: ["cite"],
    },
    allowedSchemes: ["http", "https", "mailto", "tel"],
    allowedSchemesByTag: { img: ["data"] },
    allowProtocolRelative: false,
    allowedStyles,
    transformTags: {
      a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, target: "_blank", rel: "noopener noreferrer nofollow" } }),
      // The render pass's placeholders are the only spans that may carry the marker.
      span: (tagName, attribs) => {
        const { [PLACEHOLDER_ATTR]: _marker, ...rest } = attribs;
        return { tagName, attribs: rest };
      },
      img: (tagName, attribs) => {
        const src = (attribs.src ?? "").trim();
        const kept: Record<string, string> = {};
        for (const k of ["alt", "width", "height"] as const) if (attribs[k] !== undefined) kept[k] = attribs[k]!;
        // A remote address, written by the sender or kept inert by an earlier pass: never loaded.
        const remote = REMOTE_URL.test(src) ? src : (attribs["data-remote-src"] ?? "").trim();
        if (remote) {
          remoteContentBlocked = true;
          return { tagName, attribs: { ...kept, "data-remote-src": remote.slice(0, 2048) } };
        }
        const cid = /^cid:/i.test(src) ? src.slice(4, 300) : (attribs["data-cid"] ?? "").slice(0, 296);
        if (cid.trim()) {
          if (!opts.resolveCid) return { tagName, attribs: { ...kept, "data-cid": cid } };
          const r = opts.resolveCid(cid);
          // Same-origin paths only (the page's CSP allows img-src 'self'; nothing else may be loaded from an email).
          if (r.kind === "image" && SAME_ORIGIN_PATH.test(r.src)) return { tagName, attribs: { ...kept, "data-cid": cid, src: r.src } };
          if (r.kind === "image") return { tagName: "span", attribs: { [PLACEHOLDER_ATTR]: "unavailable", title: "The image could not be shown." }, text: `${placeholderLabel(kept.alt)} (image ${PLACEHOLDER_TEXT.unavailable})` };
          return { tagName: "span", attribs: { [PLACEHOLDER_ATTR]: r.state, title: r.reason.slice(0, 300) }, text: `${placeholderLabel(kept.alt)} (image ${PLACEHOLDER_TEXT[r.state]})` };
        }
        if (SAFE_DATA_IMAGE.test(src) && src.length <= 256 * 1024) return { tagName, attribs: { ...kept, src } };
        return { tagName, attribs: kept };
      },
    },
    // An <img> left with nothing to show (no src, no placeholder data) is dropped. (A placeholder made from an <img> still reports tag "img".)
    exclusiveFilter: (frame) =>
      frame.tag === "img" && !frame.attribs.src && !frame.attribs["data-remote-src"] && !frame.attribs["data-cid"] && !frame.attribs.alt && !frame.attribs[PLACEHOLDER_ATTR],
  });
  return { html: html.trim(), remoteContentBlocked };
}
