/**
 * The chat frame's calls to the widget API. The frame is served by Sotto, so
 * these are same-origin requests: no CORS, no cookies (credentials: "omit"),
 * the visitor token in the Authorization header.
 */
import type { TSendOutcome } from "@/lib/widget/outbox";
import type { TWidgetHistory, TWidgetMessage, TWidgetSendResult, TWidgetSession } from "@/lib/widget/public-types";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly retryAfterMs?: number,
  ) {
    super(code);
  }
}

async function call<T>(path: string, init: RequestInit & { token?: string | null } = {}): Promise<T> {
  const headers: Record<string, string> = {};
  if (init.body) headers["Content-Type"] = "application/json";
  if (init.token) headers.Authorization = `Bearer ${init.token}`;
  const res = await fetch(path, { ...init, headers, credentials: "omit", cache: "no-store" });
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { error?: string };
    const retryAfter = Number(res.headers.get("Retry-After"));
    throw new ApiError(res.status, body.error ?? "http_" + res.status, retryAfter > 0 ? retryAfter * 1000 : undefined);
  }
  return (await res.json()) as T;
}

export const createSession = (key: string, origin: string, token: string | null) =>
  call<TWidgetSession>("/api/widget/session", { method: "POST", body: JSON.stringify({ key, origin, token }) });

export const loadHistory = (token: string) => call<TWidgetHistory>("/api/widget/messages", { token });

export async function sendMessage(token: string, clientMessageId: string, text: string): Promise<TSendOutcome & { unauthorized?: boolean }> {
  try {
    const r = await call<TWidgetSendResult>("/api/widget/messages", { method: "POST", token, body: JSON.stringify({ clientMessageId, text }) });
    return { ok: true, message: r.message };
  } catch (e) {
    if (!(e instanceof ApiError)) return { ok: false, retry: true }; // offline: keep it and resend later
    if (e.status === 401) return { ok: false, retry: true, unauthorized: true };
    return { ok: false, retry: e.status === 429 || e.status >= 500, retryAfterMs: e.retryAfterMs };
  }
}

export type TUploadOutcome =
  | { ok: true; message: TWidgetMessage | null }
  /** status 0: no answer (offline, connection cut); `message` is the server's explanation when it gave one. */
  | { ok: false; status: number; code: string; message: string | null; retryAfterMs?: number };

/**
 * Sends one file as its own message (POST /api/widget/attachments, raw body).
 * XMLHttpRequest rather than fetch: it is the one browser API that reports
 * upload progress. Unlike fetch it cannot omit cookies on a same-origin
 * request; none matter here: the route reads only the bearer token, and a
 * frame embedded on another site gets no SameSite cookies of Sotto's anyway.
 */
export function uploadFile(token: string, file: File, clientMessageId: string, onProgress: (fraction: number) => void): Promise<TUploadOutcome> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/widget/attachments?name=${encodeURIComponent(file.name.slice(0, 255) || "file")}&clientMessageId=${clientMessageId}`);
    xhr.setRequestHeader("Authorization", `Bearer ${token}`);
    // The server decides the type from the bytes; what the visitor's system calls it does not matter.
    xhr.setRequestHeader("Content-Type", "application/octet-stream");
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      let body: { message?: unknown; error?: unknown } = {};
      try {
        body = JSON.parse(xhr.responseText) as typeof body;
      } catch {
        // not JSON (a proxy's error page)
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve({ ok: true, message: (body as TWidgetSendResult).message ?? null });
        return;
      }
      const retryAfter = Number(xhr.getResponseHeader("Retry-After"));
      resolve({
        ok: false,
        status: xhr.status,
        code: typeof body.error === "string" ? body.error : "http_" + xhr.status,
        message: typeof body.message === "string" ? body.message : null,
        retryAfterMs: retryAfter > 0 ? retryAfter * 1000 : undefined,
      });
    };
    xhr.onerror = xhr.onabort = xhr.ontimeout = () => resolve({ ok: false, status: 0, code: "network", message: null });
    xhr.send(file);
  });
}

export function acknowledge(token: string, messageIds: string[], status: "delivered" | "read"): Promise<unknown> {
  return call("/api/widget/ack", { method: "POST", token, body: JSON.stringify({ messageIds, status }) }).catch(() => undefined);
}

/**
 * Opens the live stream. fetch rather than EventSource, so the token stays in a
 * header (EventSource can only put it in the URL, which access logs keep);
 * reconnecting with Last-Event-ID is done by the caller.
 */
export function openEvents(token: string, lastEventId: string, signal: AbortSignal): Promise<Response> {
  return fetch("/api/widget/events", {
    headers: { Authorization: `Bearer ${token}`, "Last-Event-ID": lastEventId, Accept: "text/event-stream" },
    credentials: "omit",
    cache: "no-store",
    signal,
  });
}

/** Calls `onData` with each event's data until the stream ends; throws if nothing (not even a heartbeat) arrives for `idleMs`. */
export async function readEvents(body: ReadableStream<Uint8Array>, onData: (data: string) => void, idleMs: number): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const idle = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error("idle")), idleMs)));
    try {
      const { done, value } = await Promise.race([reader.read(), idle]);
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
    } catch (e) {
      void reader.cancel().catch(() => undefined);
      throw e;
    } finally {
      clearTimeout(timer);
    }
    let end: number;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const data = buffer
        .slice(0, end)
        .split("\n")
        .filter((line) => line.startsWith("data:"))
        .map((line) => line.slice(5).replace(/^ /, ""))
        .join("\n");
      buffer = buffer.slice(end + 2);
      if (data) onData(data);
    }
  }
}
