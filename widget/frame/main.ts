/**
 * The chat frame (widget-frame.js), running at Sotto's origin inside the
 * iframe the loader created. It talks to the host page only through
 * postMessage with the host origin the server validated (config.hostOrigin),
 * and accepts messages only from window.parent at that origin.
 *
 * Visitor identity: the loader hands over a stored token when the host page's
 * consent allows functional storage, and the frame sends renewed tokens back
 * for storing; otherwise the token lives in this frame's sessionStorage for
 * the visit only.
 */
import { isMessage, type TToFrame, type TToHost } from "../protocol";
import { Outbox, type TPending } from "@/lib/widget/outbox";
import { mergeMessages, needingAck } from "@/lib/widget/thread";
import { WIDGET_INLINE_IMAGE, WIDGET_MAX_TEXT_CHARS, type TFrameConfig, type TWidgetMessage } from "@/lib/widget/public-types";
import * as api from "./api";
import { buildView, fileSize, type TUploadView } from "./view";

type THostMessage = TToHost extends infer M ? (M extends unknown ? Omit<M, "sotto"> : never) : never;

const config = JSON.parse(document.getElementById("sotto-config")!.textContent!) as TFrameConfig;
const framed = window.parent !== window;
const post = (m: THostMessage) => {
  if (framed) window.parent.postMessage({ sotto: 1, ...m }, config.hostOrigin);
};

const TOKEN_KEY = "sotto:v:" + config.key;
const PENDING_KEY = "sotto:p:" + config.key;
const session = {
  get(k: string): string | null {
    try {
      return sessionStorage.getItem(k);
    } catch {
      return null;
    }
  },
  set(k: string, v: string | null) {
    try {
      if (v === null) sessionStorage.removeItem(k);
      else sessionStorage.setItem(k, v);
    } catch {
      // storage blocked: memory only
    }
  },
};

const view = buildView(config.settings);
document.getElementById("app")!.replaceWith(view.root);

let token: string | null = null;
let persist = false;
let started = false;
let isOpen = !framed;
let messages: TWidgetMessage[] = [];
let cursor = 0;
let lastUnread = -1;
const conversations = new Set<string>();
const acked = { delivered: new Set<string>(), read: new Set<string>() };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function keepToken(next: string) {
  token = next;
  // With consent the host page keeps it (and this frame does not); without, only this visit does.
  if (persist) {
    session.set(TOKEN_KEY, null);
    post({ t: "visitor", token: next });
  } else {
    session.set(TOKEN_KEY, next);
  }
}

function restoredPending(): TPending[] {
  try {
    const parsed: unknown = JSON.parse(session.get(PENDING_KEY) ?? "[]");
    return Array.isArray(parsed) ? parsed.filter((p): p is TPending => typeof p?.clientMessageId === "string" && typeof p?.text === "string") : [];
  } catch {
    return [];
  }
}

let sessionReady: () => void;
const hasSession = new Promise<void>((resolve) => (sessionReady = resolve));

async function renewSession(): Promise<void> {
  const s = await api.createSession(config.key, config.hostOrigin, token);
  keepToken(s.token);
  view.applySettings(s.channel);
  sessionReady();
}

const outbox = new Outbox(
  {
    async send(p) {
      // Typed before the session was ready: wait for it rather than fail.
      await hasSession;
      const r = await api.sendMessage(token!, p.clientMessageId, p.text);
      if (!r.ok && r.unauthorized) await renewSession().catch(() => undefined);
      return r;
    },
    changed: render,
    stored(_p, m) {
      if (m) addMessages([m]);
    },
    save: (items) => session.set(PENDING_KEY, items.length ? JSON.stringify(items) : null),
    setTimer: (fn, ms) => setTimeout(fn, ms),
    clearTimer: (h) => clearTimeout(h as number),
  },
  restoredPending(),
);

/** Files the visitor picked that are not stored yet. The File stays in memory only: a reload forgets them. */
type TUpload = TUploadView & { file: File };
let uploads: TUpload[] = [];
let uploading = false;

const newId = () =>
  typeof crypto.randomUUID === "function" ? crypto.randomUUID() : Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");

function render() {
  view.render(messages, outbox.items, uploads);
  const unread = needingAck(messages, "read").length;
  if (!isOpen && unread !== lastUnread) post({ t: "unread", count: unread });
  lastUnread = isOpen ? 0 : unread;
}

function addMessages(incoming: TWidgetMessage[]) {
  let newConversation = false;
  for (const m of incoming) {
    if (!conversations.has(m.conversationId)) {
      conversations.add(m.conversationId);
      newConversation = true;
    }
    cursor = Math.max(cursor, Number(m.version) || 0);
  }
  messages = mergeMessages(messages, incoming);
  render();
  acknowledge();
  // The live stream follows the visitor's conversations as of its connect: a new one means reconnecting.
  if (newConversation) connect();
}

function acknowledge() {
  if (!token) return;
  const send = (level: "delivered" | "read") => {
    const ids = needingAck(messages, level).filter((id) => !acked[level].has(id));
    for (const id of ids) acked[level].add(id);
    for (let i = 0; i < ids.length; i += 100) void api.acknowledge(token!, ids.slice(i, i + 100), level);
  };
  send("delivered");
  if (isOpen && document.visibilityState === "visible") send("read");
}

let stream: AbortController | null = null;
let reconnectNotice: ReturnType<typeof setTimeout> | undefined;

/** Follows the visitor's conversations live; reconnects with Last-Event-ID (our cursor) so nothing is missed. */
function connect() {
  if (!token || !conversations.size) return;
  stream?.abort();
  const ctl = new AbortController();
  stream = ctl;
  void (async () => {
    let delay = 1000;
    while (!ctl.signal.aborted) {
      let wait = delay;
      try {
        const res = await api.openEvents(token!, String(cursor), ctl.signal);
        if (res.status === 401) {
          await renewSession();
          continue;
        }
        if (res.status === 403 || res.status === 404) {
          view.setConnection("This chat is not available on this website.");
          return;
        }
        if (!res.ok || !res.body) throw new Error("http " + res.status);
        clearTimeout(reconnectNotice);
        reconnectNotice = undefined;
        view.setConnection("");
        delay = 1000;
        // Connected again: whatever could not be sent goes now, with its original id.
        void outbox.flush();
        await api.readEvents(
          res.body,
          (data) => {
            try {
              addMessages([JSON.parse(data) as TWidgetMessage]);
            } catch {
              // ignore a malformed event
            }
          },
          45_000,
        );
        wait = 300; // the server ends streams after a while: come straight back
      } catch {
        if (ctl.signal.aborted) return;
        delay = Math.min(30_000, delay * 2);
      }
      reconnectNotice ??= setTimeout(() => view.setConnection("Connection lost. Reconnecting…"), 2500);
      await sleep(wait + Math.random() * 500);
    }
  })();
}

async function start(initial: string | null) {
  token = initial ?? session.get(TOKEN_KEY);
  for (let attempt = 1; ; attempt++) {
    try {
      await renewSession();
      break;
    } catch (e) {
      if (e instanceof api.ApiError && (e.status === 403 || e.status === 404)) {
        view.setConnection("This chat is not available on this website.");
        view.composer.disabled = true;
        view.attachButton.disabled = true;
        return;
      }
      view.setConnection("Connecting…");
      await sleep(Math.min(30_000, 1000 * 2 ** attempt));
    }
  }
  view.setConnection("");
  for (let attempt = 1; ; attempt++) {
    try {
      const history = await api.loadHistory(token!);
      cursor = Math.max(cursor, Number(history.cursor) || 0);
      addMessages(history.messages);
      break;
    } catch {
      await sleep(Math.min(30_000, 1000 * 2 ** attempt));
    }
  }
  connect();
  void outbox.flush();
}

/**
 * Each picked (pasted, dropped) file becomes its own message. Files over the
 * limit or empty are refused here, before a byte is sent; the server checks
 * again and also refuses types it does not accept.
 */
function attach(files: Iterable<File>) {
  const refused: string[] = [];
  const max = config.settings.maxFileBytes;
  for (const file of files) {
    // Worded as the server's refusals are (lib/storage/errors.ts), whichever side refuses.
    if (file.size > max) refused.push(`“${file.name}” was not sent. The file is larger than the ${fileSize(max)} limit for attachments.`);
    else if (!file.size) refused.push(`“${file.name}” was not sent. The file is empty.`);
    else {
      const preview = WIDGET_INLINE_IMAGE.test(file.type) ? URL.createObjectURL(file) : null;
      uploads.push({ id: newId(), file, name: file.name, size: file.size, type: file.type, preview, state: "queued", progress: 0, createdAt: new Date().toISOString() });
    }
  }
  view.setError(refused.join(" "));
  render();
  void pumpUploads();
}

function dropUpload(u: TUpload) {
  uploads = uploads.filter((x) => x !== u);
  render();
  if (u.preview) URL.revokeObjectURL(u.preview);
}

/** Sends queued files one at a time, in the order picked. */
async function pumpUploads(): Promise<void> {
  if (uploading) return;
  uploading = true;
  try {
    await hasSession;
    for (let u: TUpload | undefined; (u = uploads.find((x) => x.state === "queued")); ) {
      u.state = "sending";
      u.progress = 0;
      render();
      const up = u;
      let r = await api.uploadFile(token!, u.file, u.id, (f) => {
        up.progress = f;
        render();
      });
      if (!r.ok && r.status === 401) {
        // The token expired while the chat was open: renew once and send again (same id: stored once).
        await renewSession().catch(() => undefined);
        r = await api.uploadFile(token!, u.file, u.id, (f) => {
          up.progress = f;
          render();
        });
      }
      if (r.ok) {
        if (r.message) addMessages([r.message]);
        dropUpload(u);
      } else if (r.status === 0 || r.status === 429 || r.status >= 500) {
        // Worth another try: the visitor decides when (Retry), and the file is kept until then.
        u.state = "failed";
        view.setError(
          r.status === 429
            ? `Too many files at once: “${u.name}” was not sent. Try again in a moment.`
            : r.status && r.message
              ? `“${u.name}” was not sent. ${r.message}`
              : `“${u.name}” was not sent: the connection failed. Try again.`,
        );
        render();
      } else {
        // Refused for good (too large, a type that is not accepted, empty): say why, and drop it.
        view.setError(`“${u.name}” was not sent. ${r.message ?? "The file was refused."}`);
        dropUpload(u);
      }
    }
  } finally {
    uploading = false;
  }
}

function submit() {
  const text = view.composer.value.trim();
  if (!text || [...text].length > WIDGET_MAX_TEXT_CHARS) return;
  const id = newId();
  outbox.add(text, id, new Date());
  view.composer.value = "";
  view.composer.dispatchEvent(new Event("input"));
}

view.form.addEventListener("submit", (e) => {
  e.preventDefault();
  submit();
});
view.composer.addEventListener("keydown", (e) => {
  // Enter sends; Shift+Enter is a new line; Enter that confirms an IME composition is neither.
  if (e.key === "Enter" && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
    e.preventDefault();
    submit();
  }
});
view.closeButton.addEventListener("click", () => post({ t: "close" }));
view.attachButton.addEventListener("click", () => view.fileInput.click());
view.fileInput.addEventListener("change", () => {
  if (view.fileInput.files?.length) attach([...view.fileInput.files]);
  // Picking the same file again must fire "change" again.
  view.fileInput.value = "";
});
// Pasted images (a screenshot) and files dropped on the chat are attached the same way.
view.composer.addEventListener("paste", (e) => {
  const files = e.clipboardData?.files;
  // Text copied from an office app also carries a picture of itself: text wins, as the visitor meant.
  if (files?.length && !e.clipboardData!.types.includes("text/plain") && !view.attachButton.disabled) {
    e.preventDefault();
    attach([...files]);
  }
});
view.root.addEventListener("dragover", (e) => {
  if (e.dataTransfer?.types.includes("Files")) e.preventDefault();
});
view.root.addEventListener("drop", (e) => {
  const files = e.dataTransfer?.files;
  if (!files?.length) return;
  e.preventDefault();
  if (!view.attachButton.disabled) attach([...files]);
});
view.list.addEventListener("click", (e) => {
  const button = (e.target as Element).closest("button");
  const retry = button?.getAttribute("data-retry");
  const remove = button?.getAttribute("data-remove");
  const u = uploads.find((x) => x.id === (retry || remove));
  if (!u) return;
  view.setError("");
  // The button goes away with its row's state: focus goes back to the composer rather than the page.
  view.composer.focus();
  if (retry) {
    u.state = "queued";
    void pumpUploads();
  } else {
    dropUpload(u);
  }
});
document.addEventListener("keydown", (e) => {
  if (e.key === "Escape") post({ t: "close" });
});
document.addEventListener("visibilitychange", acknowledge);
window.addEventListener("online", () => {
  void outbox.flush();
  connect();
});

window.addEventListener("message", (e: MessageEvent) => {
  if (!framed || e.source !== window.parent || e.origin !== config.hostOrigin) return;
  const data: unknown = e.data;
  if (!isMessage<TToFrame>(data, ["init", "open", "closed", "consent"])) return;
  if (data.t === "init") {
    persist = data.persist === true;
    if (!started) {
      started = true;
      void start(typeof data.token === "string" && data.token.length < 1024 ? data.token : null);
    }
  } else if (data.t === "open") {
    isOpen = true;
    view.composer.focus();
    render();
    acknowledge();
  } else if (data.t === "closed") {
    isOpen = false;
    lastUnread = -1;
    render();
  } else {
    persist = data.persist === true;
    if (token) keepToken(token);
  }
});

render();
if (framed) {
  post({ t: "ready" });
} else {
  // Opened on its own (a direct chat link): a session-only visit.
  started = true;
  void start(null);
  view.composer.focus();
}
