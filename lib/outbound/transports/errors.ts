/**
 * A provider refused or could not take a message. `permanent` errors are final
 * (the message is marked failed with the provider's code and reason, never
 * retried); `transient` ones are retried with backoff (Retry-After honoured).
 */
export type TTransportErrorKind = "permanent" | "transient";

export class TransportError extends Error {
  override readonly name = "TransportError";
  constructor(
    readonly kind: TTransportErrorKind,
    /** The provider's error code as a string ("131047", "21610", "smtp_550"), or our own ("window_closed"). */
    readonly code: string,
    message: string,
    readonly extra: {
      httpStatus?: number;
      retryAfterMs?: number;
      /** The recipient told the provider to stop (Twilio 21610): record the opt-out. */
      optedOut?: boolean;
      /** The provider's error object, kept on the message for support (no secrets in it). */
      provider?: unknown;
    } = {},
  ) {
    super(message);
  }
}

export const permanent = (code: string, message: string, extra?: TransportError["extra"]) => new TransportError("permanent", code, message, extra);
export const transient = (code: string, message: string, extra?: TransportError["extra"]) => new TransportError("transient", code, message, extra);

/** Retry-After as seconds or an HTTP date; capped so a bogus header cannot park a message for days. */
export function retryAfterMs(header: string | null, now: Date): number | undefined {
  if (!header) return undefined;
  const secs = Number(header);
  const ms = Number.isFinite(secs) ? secs * 1000 : Date.parse(header) - now.getTime();
  if (!Number.isFinite(ms) || ms <= 0) return undefined;
  return Math.min(ms, 15 * 60_000);
}

const TIMEOUT_MS = 30_000;

/**
 * fetch with a timeout. Network failures (refused, reset, DNS, timeout) become
 * transient TransportErrors: nothing reached the provider, or we cannot know.
 */
export async function providerFetch(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS), redirect: "error" });
  } catch (error) {
    const cause = error instanceof Error ? ((error.cause as { code?: string } | undefined)?.code ?? error.name) : "network";
    throw transient("network", `Could not reach the provider (${cause})`);
  }
}

/** The response body as JSON, or null when it is not JSON (an HTML error page from a proxy). */
export async function jsonBody(res: Response): Promise<unknown> {
  const text = await res.text().catch(() => "");
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
