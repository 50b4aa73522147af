/**
 * The chat frame's queue of visitor messages not yet stored by the server.
 * Each keeps the clientMessageId it was given when typed and is resent with
 * it until the server answers (the server stores a clientMessageId once, so a
 * resend after a lost reply cannot duplicate). Messages go out one at a time,
 * in the order typed. Pure (no DOM): the frame passes its I/O in.
 */
import type { TWidgetMessage } from "./public-types";

export type TPendingState = "sending" | "waiting" | "failed";
export type TPending = { clientMessageId: string; text: string; createdAt: string; state: TPendingState; attempts: number };

export type TSendOutcome =
  | { ok: true; message: TWidgetMessage | null }
  /** retry: worth trying again (offline, 5xx, 429, token renewed); retryAfterMs from Retry-After. */
  | { ok: false; retry: boolean; retryAfterMs?: number };

export type TOutboxDeps = {
  send(p: TPending): Promise<TSendOutcome>;
  /** Something changed: re-render. */
  changed(): void;
  /** Stored by the server (message is null if it was erased meanwhile). */
  stored(p: TPending, message: TWidgetMessage | null): void;
  /** Keeps the queue across page loads of the same visit (sessionStorage in the frame). */
  save(items: TPending[]): void;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
  random?: () => number;
};

const MAX_BACKOFF_MS = 30_000;

export function backoffMs(attempts: number, random = Math.random): number {
  const base = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.75 + random() * 0.5));
}

export class Outbox {
  items: TPending[];
  private running = false;
  private timer: unknown = null;

  constructor(
    private deps: TOutboxDeps,
    restored: TPending[] = [],
  ) {
    // A message that was "sending" when the page went away may or may not have arrived: resend it.
    this.items = restored.filter((p) => p.state !== "failed").map((p) => ({ ...p, state: "waiting" as const }));
  }

  add(text: string, clientMessageId: string, now: Date): TPending {
    const p: TPending = { clientMessageId, text, createdAt: now.toISOString(), state: "waiting", attempts: 0 };
    this.items.push(p);
    this.deps.save(this.items);
    this.deps.changed();
    void this.flush();
    return p;
  }

  /** Sends what is queued, in order; called after typing, on reconnect and when back online. */
  async flush(): Promise<void> {
    if (this.running) return;
    if (this.timer !== null) {
      this.deps.clearTimer(this.timer);
      this.timer = null;
    }
    this.running = true;
    try {
      for (;;) {
        const p = this.items.find((i) => i.state !== "failed");
        if (!p) break;
        p.state = "sending";
        p.attempts++;
        this.deps.changed();
        let outcome: TSendOutcome;
        try {
          outcome = await this.deps.send(p);
        } catch {
          outcome = { ok: false, retry: true };
        }
        if (outcome.ok) {
          this.items = this.items.filter((i) => i !== p);
          this.deps.save(this.items);
          this.deps.stored(p, outcome.message);
          this.deps.changed();
          continue;
        }
        if (!outcome.retry) {
          p.state = "failed";
          this.deps.save(this.items);
          this.deps.changed();
          continue;
        }
        p.state = "waiting";
        this.deps.changed();
        const wait = Math.max(outcome.retryAfterMs ?? 0, backoffMs(p.attempts, this.deps.random));
        this.timer = this.deps.setTimer(() => {
          this.timer = null;
          void this.flush();
        }, wait);
        break;
      }
    } finally {
      this.running = false;
    }
  }

  /** Drops a message the server refused for good (the visitor chose to discard it). */
  discard(clientMessageId: string): void {
    this.items = this.items.filter((i) => i.clientMessageId !== clientMessageId);
    this.deps.save(this.items);
    this.deps.changed();
  }
}
