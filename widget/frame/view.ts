/**
 * The chat frame's DOM, built with plain elements (no framework: the whole
 * frame stays a few kilobytes). Text is only ever set as textContent; links
 * in messages become anchor elements, never HTML.
 */
import type { TPending } from "@/lib/widget/outbox";
import type { TWidgetMessage, TWidgetPublicSettings } from "@/lib/widget/public-types";
import { WIDGET_MAX_TEXT_CHARS } from "@/lib/widget/public-types";

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

export type TView = {
  root: HTMLElement;
  log: HTMLElement;
  composer: HTMLTextAreaElement;
  form: HTMLFormElement;
  closeButton: HTMLButtonElement;
  counter: HTMLElement;
  status: HTMLElement;
  applySettings(s: TWidgetPublicSettings): void;
  render(messages: readonly TWidgetMessage[], pending: readonly TPending[]): void;
  setConnection(text: string): void;
};

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
  const form = h(
    "form",
    { class: "c", novalidate: true },
    h("label", { for: "msg", class: "sr" }, "Message"),
    composer,
    h("button", { type: "submit", class: "send", "aria-label": "Send" }, svg(SEND)),
  );
  const footer = h("p", { class: "ft", id: "hint" }, h("span", {}, "Enter to send, Shift+Enter for a new line"), counter);
  const root = h("div", { class: "w" }, header, notice, log, status, form, footer);

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
      li = h("li", { class: `m ${from === "visitor" ? "v" : "a"}` }, h("span", { class: "sr" }), h("p", { dir: "auto" }), h("span", { class: "meta" }));
      items.set(key, li);
    }
    const [label, body, info] = li.children as unknown as [HTMLElement, HTMLElement, HTMLElement];
    if (label.textContent !== who) label.textContent = who;
    if (body.dataset.text !== text) {
      body.dataset.text = text;
      body.replaceChildren(richText(text));
    }
    if (info.textContent !== meta) info.textContent = meta;
    return li;
  }

  function render(messages: readonly TWidgetMessage[], pending: readonly TPending[]) {
    const nearBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 80;
    const storedIds = new Set(messages.map((m) => m.clientMessageId).filter(Boolean));
    const lastVisitor = [...messages].reverse().find((m) => m.from === "visitor");
    const wanted: HTMLElement[] = [];
    for (const m of messages) {
      // A visitor message keeps one element from typing to stored, keyed by its clientMessageId,
      // so screen readers announce it once.
      const key = m.clientMessageId ? "c:" + m.clientMessageId : "m:" + m.id;
      const who = m.from === "visitor" ? "You:" : `${m.authorName ?? initial.title}:`;
      const meta = m.from === "visitor" ? (m === lastVisitor && !pending.length ? `Sent · ${time(m.createdAt)}` : time(m.createdAt)) : `${m.authorName ? m.authorName + " · " : ""}${time(m.createdAt)}`;
      const li = item(key, m.from, m.text, meta, who);
      li.classList.remove("pending", "failed");
      wanted.push(li);
    }
    for (const p of pending) {
      if (storedIds.has(p.clientMessageId)) continue;
      const meta = p.state === "failed" ? "Not sent" : p.state === "sending" && p.attempts <= 1 ? "Sending…" : "Not sent yet · retrying";
      const li = item("c:" + p.clientMessageId, "visitor", p.text, meta, "You:");
      li.classList.add("pending");
      li.classList.toggle("failed", p.state === "failed");
      wanted.push(li);
    }
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
    if (nearBottom) log.scrollTop = log.scrollHeight;
  }

  composer.addEventListener("input", () => {
    composer.style.height = "auto";
    composer.style.height = Math.min(composer.scrollHeight, 120) + "px";
    const n = [...composer.value].length;
    counter.textContent = n > WIDGET_MAX_TEXT_CHARS - 200 ? `${n} / ${WIDGET_MAX_TEXT_CHARS}` : "";
    counter.classList.toggle("over", n > WIDGET_MAX_TEXT_CHARS);
  });

  applySettings(initial);
  return { root, log, composer, form, closeButton, counter, status, applySettings, render, setConnection: (t) => (status.textContent = t) };
}
