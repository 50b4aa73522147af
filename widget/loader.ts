/**
 * widget.js: the one script a customer's site embeds.
 *
 *   <script src="https://HOST/widget.js" data-sotto-key="pk_…" async></script>
 *
 * Until the visitor clicks it renders a launcher button and nothing else: no
 * cookie, no storage, no request to Sotto. The button lives in a shadow
 * root, so the page's CSS cannot restyle it. The first click loads the chat
 * in an iframe served by Sotto; loader and frame talk by postMessage, each to
 * the other's exact origin. The visitor token is kept in this page's
 * localStorage only while consent allows the functional category (consent.ts).
 */
import { allowsFunctional, onConsentChange } from "./consent";
import { isMessage, type TToFrame, type TToHost } from "./protocol";

type TFrameMessage = TToFrame extends infer M ? (M extends unknown ? Omit<M, "sotto"> : never) : never;

const SVG = "http://www.w3.org/2000/svg";
const CHAT_PATH = "M12 3C6.5 3 2 6.9 2 11.7c0 2.6 1.3 4.9 3.4 6.5L4.6 22l4.3-2.3c1 .3 2 .4 3.1.4 5.5 0 10-3.9 10-8.7S17.5 3 12 3Z";
const CLOSE_PATH = "m6 9 6 6 6-6";

/** Built with DOM calls, not innerHTML, so pages that enforce Trusted Types accept the loader. */
function icon(open: boolean): SVGSVGElement {
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  const path = document.createElementNS(SVG, "path");
  path.setAttribute("d", open ? CLOSE_PATH : CHAT_PATH);
  if (open) {
    path.setAttribute("fill", "none");
    path.setAttribute("stroke", "currentColor");
    path.setAttribute("stroke-width", "2.4");
    path.setAttribute("stroke-linecap", "round");
  } else {
    path.setAttribute("fill", "currentColor");
  }
  svg.appendChild(path);
  return svg;
}

/** Black or white text on the brand colour, whichever has more contrast (WCAG luminance). */
function textOn(hex: string): string {
  const lin = (i: number) => {
    const c = parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const l = 0.2126 * lin(0) + 0.7152 * lin(1) + 0.0722 * lin(2);
  return 1.05 / (l + 0.05) >= (l + 0.05) / 0.05 ? "#fff" : "#000";
}

function boot(script: HTMLScriptElement, key: string): void {
  const appOrigin = new URL(script.src).origin;
  const attr = (name: string) => script.getAttribute("data-sotto-" + name) || "";
  const color = /^#[0-9a-f]{6}$/i.test(attr("color")) ? attr("color") : "#4f46e5";
  const side = attr("position") === "left" ? "left" : "right";
  const label = attr("label");
  const storageKey = "sotto:visitor:" + key;

  const host = document.createElement("div");
  host.setAttribute("data-sotto-widget", "");
  // Inline, so a page rule such as `div { display: none }` cannot hide the launcher.
  host.style.cssText = "all:initial;display:block;position:static";
  const root = host.attachShadow({ mode: "open" });
  const css = `:host{all:initial}*{box-sizing:border-box}
.l{all:unset;position:fixed;bottom:20px;${side}:20px;z-index:2147483646;display:flex;align-items:center;justify-content:center;gap:8px;height:56px;min-width:56px;padding:0 ${label ? "20px 0 16px" : "0"};border-radius:28px;background:${color};color:${textOn(color)};font:600 15px/1 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;cursor:pointer;box-shadow:0 6px 20px rgba(0,0,0,.22);transition:transform .15s ease}
.l:hover{transform:scale(1.06)}.l:focus-visible{outline:3px solid ${color};outline-offset:3px;box-shadow:0 0 0 3px #fff,0 6px 20px rgba(0,0,0,.22)}
.l svg{width:26px;height:26px;flex:none}.o{padding:0;width:56px}
.b{position:absolute;top:-4px;${side === "left" ? "left" : "right"}:-4px;min-width:20px;height:20px;padding:0 6px;border-radius:10px;background:#dc2626;color:#fff;font:700 12px/20px system-ui,sans-serif;text-align:center}
iframe{position:fixed;bottom:88px;${side}:20px;z-index:2147483647;width:380px;height:min(640px,calc(100% - 108px));border:0;border-radius:16px;background:#fff;box-shadow:0 12px 48px rgba(0,0,0,.28);color-scheme:normal}
@media (max-width:480px){iframe{inset:0;width:100%;height:100%;border-radius:0}}
@media (prefers-reduced-motion:reduce){.l{transition:none}}`;
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [sheet];
  } catch {
    // Older browsers: a style element (subject to the page's CSP style-src).
    const style = document.createElement("style");
    style.textContent = css;
    root.appendChild(style);
  }

  const button = document.createElement("button");
  button.type = "button";
  button.className = "l";
  button.setAttribute("aria-expanded", "false");
  root.appendChild(button);

  let frame: HTMLIFrameElement | null = null;
  let ready = false;
  let open = false;
  let unread = 0;

  const render = () => {
    const parts: Node[] = [icon(open)];
    if (!open && label) parts.push(document.createTextNode(label));
    if (!open && unread) {
      const badge = document.createElement("span");
      badge.className = "b";
      badge.setAttribute("aria-hidden", "true");
      badge.textContent = unread > 9 ? "9+" : String(unread);
      parts.push(badge);
    }
    button.replaceChildren(...parts);
    button.className = open ? "l o" : "l";
    // A visible label is the accessible name by itself; the icon-only button needs one.
    if (!open && label && !unread) button.removeAttribute("aria-label");
    else button.setAttribute("aria-label", open ? "Close chat" : (label || "Open chat") + (unread ? `, ${unread} new` : ""));
    button.setAttribute("aria-expanded", String(open));
  };

  const post = (message: TFrameMessage) => frame?.contentWindow?.postMessage({ sotto: 1, ...message }, appOrigin);

  // Storage is touched only after a click, and only with functional consent.
  const stored = () => {
    try {
      return localStorage.getItem(storageKey);
    } catch {
      return null;
    }
  };
  const store = (token: string | null) => {
    try {
      if (token) localStorage.setItem(storageKey, token);
      else localStorage.removeItem(storageKey);
    } catch {
      // Storage blocked: the visit stays session-only.
    }
  };

  const show = () => {
    open = true;
    unread = 0;
    if (!frame) {
      frame = document.createElement("iframe");
      frame.title = "Chat";
      frame.id = "sotto-chat";
      frame.referrerPolicy = "no-referrer";
      // Scripts and requests to its own origin; links the agent sends may open in a new tab. No top navigation.
      frame.setAttribute("sandbox", "allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox");
      frame.src = `${appOrigin}/widget/frame?key=${encodeURIComponent(key)}&origin=${encodeURIComponent(location.origin)}`;
      root.appendChild(frame);
      button.setAttribute("aria-controls", frame.id);
    }
    frame.hidden = false;
    render();
    if (ready) {
      frame.focus();
      post({ t: "open" });
    }
  };

  const hide = () => {
    open = false;
    if (frame) frame.hidden = true;
    render();
    post({ t: "closed" });
    button.focus();
  };

  button.addEventListener("click", () => (open ? hide() : show()));
  button.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && open) hide();
  });

  window.addEventListener("message", (e) => {
    if (!frame || e.source !== frame.contentWindow || e.origin !== appOrigin) return;
    const data: unknown = e.data;
    if (!isMessage<TToHost>(data, ["ready", "visitor", "close", "unread"])) return;
    if (data.t === "ready") {
      ready = true;
      const persist = allowsFunctional(script);
      post({ t: "init", token: persist ? stored() : null, persist });
      if (open) {
        frame.focus();
        post({ t: "open" });
      }
    } else if (data.t === "visitor") {
      if (allowsFunctional(script) && typeof data.token === "string" && data.token.length < 1024) store(data.token);
    } else if (data.t === "close") {
      if (open) hide();
    } else if (typeof data.count === "number" && !open) {
      unread = Math.max(0, Math.min(99, data.count | 0));
      render();
    }
  });

  onConsentChange(() => {
    const persist = allowsFunctional(script);
    // Withdrawal removes the stored id at once, whether or not the chat was opened.
    if (!persist) store(null);
    if (ready) post({ t: "consent", persist });
  });

  render();
  document.body.appendChild(host);
}

(() => {
  const script = (document.currentScript as HTMLScriptElement | null) ?? document.querySelector<HTMLScriptElement>("script[data-sotto-key]");
  const key = script?.getAttribute("data-sotto-key");
  const w = window as unknown as { __sottoWidget?: boolean };
  if (!script || !key || w.__sottoWidget) return;
  w.__sottoWidget = true;
  if (document.body) boot(script, key);
  else document.addEventListener("DOMContentLoaded", () => boot(script, key));
})();
