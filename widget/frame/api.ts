/**
 * The chat frame's calls to the widget API. The frame is served by Sotto, so
 * these are same-origin requests: no CORS, no cookies (credentials: "omit"),
 * the visitor token in the Authorization header.
 */
import type { TSendOutcome } from "@/lib/widget/outbox";
import type { TWidgetHistory, TWidgetSendResult, TWidgetSession } from "@/lib/widget/public-types";

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
