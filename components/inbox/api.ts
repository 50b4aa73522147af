import { serializeInboxFilters, type TInboxFilters } from "@/lib/inbox/filters";
import type { TContactDetail, TContactMatch, TConversationPage, TConversationSummary, TInboxCounts, TMessageDto, TMessagePage } from "@/lib/inbox/types";
import type { TMentionList } from "@/lib/inbox/mention-notifications";
import type { TFolder } from "./query-keys";

/** Fetchers for the inbox's read endpoints, and a helper that turns action results into thrown errors for mutations. */
export class InboxFetchError extends Error {
  constructor(
    message: string,
    public readonly status: number,
  ) {
    super(message);
  }
}

async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  const res = await fetch(url, { signal, headers: { Accept: "application/json" }, cache: "no-store" });
  const type = res.headers.get("content-type") ?? "";
  // An ended session redirects to the sign-in page (HTML), which is not an answer.
  if (res.redirected && new URL(res.url).pathname.startsWith("/sign-in")) throw new InboxFetchError("Your session has ended. Reload the page to sign in again.", 401);
  if (!res.ok) throw new InboxFetchError(res.status === 404 ? "Not found." : "Could not load. Try again.", res.status);
  if (!type.includes("application/json")) throw new InboxFetchError("Your session has ended. Reload the page to sign in again.", 401);
  return (await res.json()) as T;
}

export function createInboxApi(slug: string) {
  const base = `/api/inbox/${encodeURIComponent(slug)}`;
  return {
    list: (filters: TInboxFilters, cursor: string | null, signal?: AbortSignal) => {
      const p = serializeInboxFilters(filters);
      if (cursor) p.set("cursor", cursor);
      // The server applies its own defaults, so the status is always explicit here.
      p.set("status", filters.status);
      return getJson<TConversationPage>(`${base}/conversations?${p}`, signal);
    },
    conversation: (id: string, signal?: AbortSignal) => getJson<TConversationSummary>(`${base}/conversations/${encodeURIComponent(id)}`, signal),
    messages: (id: string, before: string | null, signal?: AbortSignal) =>
      getJson<TMessagePage>(`${base}/conversations/${encodeURIComponent(id)}/messages${before ? `?before=${encodeURIComponent(before)}` : ""}`, signal),
    message: (id: string, signal?: AbortSignal) => getJson<TMessageDto>(`${base}/messages/${encodeURIComponent(id)}`, signal),
    counts: (folder: TFolder, signal?: AbortSignal) => getJson<TInboxCounts>(`${base}/counts?folder=${folder}`, signal),
    contact: (id: string, signal?: AbortSignal) => getJson<TContactDetail>(`${base}/contacts/${encodeURIComponent(id)}`, signal),
    searchContacts: (q: string, exclude: string, signal?: AbortSignal) =>
      getJson<TContactMatch[]>(`${base}/contacts?q=${encodeURIComponent(q)}&exclude=${encodeURIComponent(exclude)}`, signal),
    mentions: (signal?: AbortSignal) => getJson<TMentionList>(`${base}/mentions`, signal),
    eventsUrl: `${base}/events`,
  };
}

export type TInboxApi = ReturnType<typeof createInboxApi>;

type TActionResult<T> = { data?: T; serverError?: string; validationErrors?: unknown } | undefined;

function firstValidationMessage(v: unknown): string | null {
  if (!v || typeof v !== "object") return null;
  const errors = (v as { _errors?: unknown })._errors;
  if (Array.isArray(errors) && typeof errors[0] === "string") return errors[0];
  for (const child of Object.values(v)) {
    const m = firstValidationMessage(child);
    if (m) return m;
  }
  return null;
}

/** Awaits a server action and returns its data, throwing the user-readable error otherwise. */
export async function runAction<T>(result: Promise<TActionResult<T>>): Promise<T> {
  let r: TActionResult<T>;
  try {
    r = await result;
  } catch {
    throw new Error("Could not reach the server. Check your connection and try again.");
  }
  if (r?.serverError) throw new Error(r.serverError);
  if (r?.validationErrors) throw new Error(firstValidationMessage(r.validationErrors) ?? "Check the form and try again.");
  if (!r || r.data === undefined) throw new Error("Something went wrong. Please try again.");
  return r.data;
}
