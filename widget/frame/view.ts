/**
 * The chat frame's DOM, built with plain elements (no framework: the whole
 * frame stays a few kilobytes). Text is only ever set as textContent; links
 * in messages become anchor elements, never HTML.
 */
import type { TPending } from "@/lib/widget/outbox";
import type { TWidgetAttachment, TWidgetMessage, TWidgetPublicSettings } from "@/lib/widget/public-types";
import { WIDGET_INLINE_IMAGE, WIDGET_MAX_TEXT_CHARS } from "@/lib/widget/public-types";

type TAttrs = Record<string, string | boolean | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: TAttrs = {}, ...children: (Node | string | null)[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    el.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children) if (c !== null) el.append(c);
  return el;
}

const svg = (path: string) => {
  const t = document.createElement("template");
  t.innerHTML = `<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">${path}</svg>`;
  return t.content.firstChild!;
};
const CLOSE = '<path fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" d="M6 6l12 12M18 6 6 18"/>';
const SEND = '<path fill="currentColor" d="M3.4 20.4 21 12 3.4 3.6 3.4 10l12.6 2-12.6 2z"/>';
const CLIP =
  '<path fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" d="m21 11.5-8.6 8.6a5.5 5.5 0 0 1-7.8-7.8l8.9-8.9a3.7 3.7 0 0 1 5.2 5.2l-8.9 8.9a1.8 1.8 0 0 1-2.6-2.6l8.1-8.1"/>';
const DOC = '<path fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round" d="M14 3H6v18h12V7zM14 3v4h4"/>';

/** 1.2 MB, 340 KB, 12 B: how the frame names sizes (and the limit, as the server's refusal does). */
export function fileSize(bytes: number): string {
  if (bytes >= 1048576) return `${Math.round((bytes / 1048576) * 10) / 10} MB`;
  return bytes >= 1024 ? `${Math.round(bytes / 1024)} KB` : `${bytes} B`;
}

const URL_RE = /\bhttps?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]]/g;

/** Text with http(s) links made clickable (opened in a new tab, without referrer or opener). */
export function richText(text: string): DocumentFragment {
  const frag = document.createDocumentFragment();
  let last = 0;
  for (const m of text.matchAll(URL_RE)) {
    frag.append(text.slice(last, m.index));
    frag.append(h("a", { href: m[0], target: "_blank", rel: "noopener noreferrer nofollow ugc" }, m[0]));
    last = m.index! + m[0].length;
  }
  frag.append(text.slice(last));
  return frag;
}

const time = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });

/** A file on its way (or not sent): `preview` is a blob: URL of the visitor's own image while it uploads. */
export type TUploadView = { id: string; name: string; size: number; type: string; preview: string | null; state: "queued" | "sending" | "failed"; progress: number; createdAt: string };

export type TView = {
  root: HTMLElement;
  log: HTMLElement;
  list: HTMLElement;
  composer: HTMLTextAreaElement;
  form: HTMLFormElement;
  closeButton: HTMLButtonElement;
  attachButton: HTMLButtonElement;
  fileInput: HTMLInputElement;
  counter: HTMLElement;
  status: HTMLElement;
  applySettings(s: TWidgetPublicSettings): void;
  render(messages: readonly TWidgetMessage[], pending: readonly TPending[], uploads: readonly TUploadView[]): void;
  setConnection(text: string): void;
  /** A message about a file that was refused (announced at once: role=alert); "" clears it. */
  setError(text: string): void;
};

/** A stored file as a thumbnail (images the download route serves inline) or a download link, both opening in a new tab. */
function fileView(f: Pick<TWidgetAttachment, "name" | "size" | "type" | "url">): HTMLElement {
  const rel = "noopener noreferrer";
  if (WIDGET_INLINE_IMAGE.test(f.type)) {
    return h("a", { class: "thumb", href: f.url, target: "_blank", rel }, h("img", { src: f.url, alt: f.name, loading: "lazy" }));
  }
  // The name, then the size, as one accessible name (the two spans would otherwise run together).
  const label = `${f.name} (${fileSize(f.size)})`;
  return h("a", { class: "file", href: f.url, target: "_blank", rel, "aria-label": label }, svg(DOC), h("span", { class: "fn", dir: "auto" }, f.name), h("span", { class: "fs" }, fileSize(f.size)));
}

/** A file still uploading: the visitor's own image from memory, else its name and size (not a link yet). */
function uploadView(u: TUploadView): HTMLElement {
  if (u.preview) return h("span", { class: "thumb" }, h("img", { src: u.preview, alt: u.name }));
  return h("span", { class: "file" }, svg(DOC), h("span", { class: "fn", dir: "auto" }, u.name), h("span", { class: "fs" }, fileSize(u.size)));
}

export function buildView(initial: TWidgetPublicSettings): TView {
  const title = h("h1", { id: "t", dir: "auto" });
  const subtitle = h("p", { class: "sub" });
  const closeButton = h("button", { type: "button", class: "x", "aria-label": "Close chat" }, svg(CLOSE));
  const header = h("header", {}, h("div", { class: "ht" }, title, subtitle), closeButton);
  const notice = h("p", { class: "notice", dir: "auto" });
  const greeting = h("p", { dir: "auto" });
  const log = h("div", { class: "log", role: "log", "aria-live": "polite", "aria-labelledby": "t", tabindex: "0" });
  const intro = h("div", { class: "m a intro" }, greeting);
  const list = h("ol", { class: "list" });
  log.append(intro, list);
  const status = h("p", { class: "conn", role: "status" });

  const composer = h("textarea", { id: "msg", rows: "1", dir: "auto", placeholder: "Write a message…", autocomplete: "off", "aria-describedby": "hint" });
  const counter = h("span", { class: "count", "aria-live": "polite" });
  // The native input stays out of sight and out of the tab order: the labelled button opens it.
  const fileInput = h("input", { type: "file", multiple: true, hidden: true, tabindex: "-1" });
  const attachButton = h("button", { type: "button", class: "att", "aria-label": "Attach a file" }, svg(CLIP));
  const form = h(
    "form",
    { class: "c", novalidate: true },
    attachButton,
    fileInput,
    h("label", { for: "msg", class: "sr" }, "Message"),
    composer,
    h("button", { type: "submit", class: "send", "aria-label": "Send" }, svg(SEND)),
  );
  const error = h("p", { class: "err", role: "alert", dir: "auto" });
  const footer = h("p", { class: "ft", id: "hint" }, h("span", {}, "Enter to send, Shift+Enter for a new line"), counter);
  const root = h("div", { class: "w" }, header, notice, log, status, error, form, footer);

  const items = new Map<string, HTMLElement>();

  function applySettings(s: TWidgetPublicSettings) {
    document.documentElement.style.setProperty("--b", s.brandColor);
    document.documentElement.style.setProperty("--bt", s.brandText);
    title.textContent = s.title;
    subtitle.textContent = s.open ? "We're online" : s.hoursSummary ? `Away · ${s.hoursSummary}` : "Away right now";
    subtitle.classList.toggle("off", !s.open);
    notice.textContent = s.open ? "" : s.offlineMessage;
    notice.hidden = s.open;
    greeting.textContent = s.greeting;
    intro.hidden = !s.greeting;
  }

  function item(key: string, from: string, text: string, meta: string, who: string): HTMLElement {
    let li = items.get(key);
    if (!li) {
      li = h(
        "li",
        { class: `m ${from === "visitor" ? "v" : "a"}` },
        h("span", { class: "sr" }),
        h("p", { dir: "auto" }),
        h("div", { class: "files" }),
        h("progress", { max: "100", hidden: true }),
        h("span", { class: "meta" }),
        h("span", { class: "acts" }),
      );
      items.set(key, li);
    }
    const [label, body, , , info] = li.children as unknown as [HTMLElement, HTMLElement, HTMLElement, HTMLElement, HTMLElement];
    if (label.textContent !== who) label.textContent = who;
    if (body.dataset.text !== text) {
      body.dataset.text = text;
      body.replaceChildren(richText(text));
      // A file sent on its own has no text: no empty bubble.
      body.hidden = !text;
    }
    if (info.textContent !== meta) info.textContent = meta;
    return li;
  }

  /** Replaces the files of an item only when they changed (`sig`), so images are not reloaded on every render. */
  function setFiles(li: HTMLElement, sig: string, build: () => HTMLElement[]) {
    const files = li.children[2] as HTMLElement;
    if (files.dataset.sig === sig) return;
    files.dataset.sig = sig;
    files.replaceChildren(...build());
  }

  function setUploadState(li: HTMLElement, u: TUploadView | null) {
    const progress = li.children[3] as HTMLProgressElement;
    const acts = li.children[5] as HTMLElement;
    progress.hidden = !u || u.state === "failed";
    if (u) {
      progress.value = Math.round(u.progress * 100);
      progress.setAttribute("aria-label", `Sending ${u.name}`);
    }
    const want = u?.state === "failed" ? u.id : "";
    if (acts.dataset.u !== want) {
      acts.dataset.u = want;
      acts.replaceChildren(
        ...(want
          ? [
              h("button", { type: "button", "data-retry": want, "aria-label": `Retry sending ${u!.name}` }, "Retry"),
              h("button", { type: "button", "data-remove": want, "aria-label": `Remove ${u!.name}` }, "Remove"),
            ]
          : []),
      );
    }
  }

  function render(messages: readonly TWidgetMessage[], pending: readonly TPending[], uploads: readonly TUploadView[]) {
    const stay = nearBottom();
    const height = log.scrollHeight;
    const storedIds = new Set(messages.map((m) => m.clientMessageId).filter(Boolean));
    const lastVisitor = [...messages].reverse().find((m) => m.from === "visitor");
    const waiting = pending.length + uploads.length;
    const wanted: HTMLElement[] = [];
    for (const m of messages) {
      // A visitor message keeps one element from typing (or picking a file) to stored, keyed by its
      // clientMessageId, so screen readers announce it once.
      const key = m.clientMessageId ? "c:" + m.clientMessageId : "m:" + m.id;
      const who = m.from === "visitor" ? "You:" : `${m.authorName ?? initial.title}:`;
      const meta = m.from === "visitor" ? (m === lastVisitor && !waiting ? `Sent · ${time(m.createdAt)}` : time(m.createdAt)) : `${m.authorName ? m.authorName + " · " : ""}${time(m.createdAt)}`;
      const li = item(key, m.from, m.text, meta, who);
      setFiles(li, m.attachments.map((a) => a.id + " " + a.url).join(" "), () => m.attachments.map(fileView));
      setUploadState(li, null);
      li.classList.remove("pending", "failed");
      wanted.push(li);
    }
    const later: [string, HTMLElement][] = [];
    for (const p of pending) {
      if (storedIds.has(p.clientMessageId)) continue;
      const meta = p.state === "failed" ? "Not sent" : p.state === "sending" && p.attempts <= 1 ? "Sending…" : "Not sent yet · retrying";
      const li = item("c:" + p.clientMessageId, "visitor", p.text, meta, "You:");
      li.classList.add("pending");
      li.classList.toggle("failed", p.state === "failed");
      later.push([p.createdAt, li]);
    }
    for (const u of uploads) {
      if (storedIds.has(u.id)) continue;
      const li = item("c:" + u.id, "visitor", "", u.state === "failed" ? "Not sent" : "Sending…", "You:");
      setFiles(li, "u", () => [uploadView(u)]);
      setUploadState(li, u);
      li.classList.add("pending");
      li.classList.toggle("failed", u.state === "failed");
      later.push([u.createdAt, li]);
    }
    later.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    for (const [, li] of later) wanted.push(li);
    // Patch the list in place: only new elements are inserted.
    const keep = new Set(wanted);
    for (const [key, li] of items) {
      if (!keep.has(li)) {
        li.remove();
        items.delete(key);
      }
    }
    wanted.forEach((li, i) => {
      if (list.children[i] !== li) list.insertBefore(li, list.children[i] ?? null);
    });
    // Only when something was added: a progress tick must not hold a reader who scrolls up.
    if (stay && log.scrollHeight !== height) toBottom();
  }

  // While a (smooth) scroll to the bottom is under way the thread counts as at the bottom, so that
  // content arriving meanwhile (an image loading, a retry button) is followed rather than left below.
  let pinnedUntil = 0;
  const distanceFromBottom = () => log.scrollHeight - log.scrollTop - log.clientHeight;
  const nearBottom = (grownBy = 0) => Date.now() < pinnedUntil || distanceFromBottom() - grownBy < 80;
  const toBottom = () => {
    pinnedUntil = Date.now() + 700;
    log.scrollTop = log.scrollHeight;
  };
  // The reader scrolling themselves ends it at once.
  for (const type of ["wheel", "touchstart", "keydown"]) log.addEventListener(type, () => (pinnedUntil = 0), { passive: true });
  // An image that loads after the render grows the thread: a reader who was at the bottom stays there.
  log.addEventListener(
    "load",
    (e) => {
      const img = e.target as HTMLElement;
      if (img.tagName === "IMG" && nearBottom(img.offsetHeight)) toBottom();
    },
    true,
  );

  function setError(text: string) {
    // The message takes room from the thread: keep its newest line in view.
    const was = nearBottom();
    error.textContent = text;
    if (was) toBottom();
  }

  composer.addEventListener("input", () => {
    composer.style.height = "auto";
    composer.style.height = Math.min(composer.scrollHeight, 120) + "px";
    const n = [...composer.value].length;
    counter.textContent = n > WIDGET_MAX_TEXT_CHARS - 200 ? `${n} / ${WIDGET_MAX_TEXT_CHARS}` : "";
    counter.classList.toggle("over", n > WIDGET_MAX_TEXT_CHARS);
  });

  applySettings(initial);
  return {
    root,
    log,
    list,
    composer,
    form,
    closeButton,
    attachButton,
    fileInput,
    counter,
    status,
    applySettings,
    render,
    setConnection: (t) => (status.textContent = t),
    setError,
  };
}
