import { randomUUID } from "node:crypto";
import { durationToMs, type InngestFunction } from "inngest";
import { StepMode, StepOpCode, type OutgoingOp } from "inngest/types";
import { env, isProduction } from "@/lib/env";
import { log } from "@/lib/log";

/**
 * In-process development runner: when no Inngest server is configured (see
 * `inngestMode()`), events run the matching functions of the SAME definitions
 * inside this process, through the SDK's own execution engine, the way
 * `@inngest/test` drives it: each `step.run` result is memoised and the handler
 * re-entered until it resolves, thrown errors are retried with backoff up to the
 * function's `retries`, and `NonRetriableError` stops at once. `step.sleep` waits
 * (capped), cron triggers run on an interval. `step.waitForEvent` and
 * `step.invoke` are not supported here and fail the run with a clear error.
 *
 * Refused in production: jobs must run on an Inngest server there.
 */

type TFn = InngestFunction.Any;
type TEvent = { name: string; data?: unknown; id?: string; ts?: number };
type TMemo = { id: string; data?: unknown; error?: unknown };
export type TRunResult = { status: "completed"; output: unknown; attempts: number } | { status: "failed"; error: unknown; attempts: number };

type TExecutionResult =
  | { type: "function-resolved"; data: unknown }
  | { type: "function-rejected"; error: unknown; retriable: boolean | string }
  | { type: "step-ran"; step: OutgoingOp; retriable?: boolean | string }
  | { type: "steps-found"; steps: OutgoingOp[] }
  | { type: "step-not-found"; step: OutgoingOp }
  | { type: "change-mode" };
type TExecutable = { createExecution(opts: { partialOptions: Record<string, unknown> }): { start(): Promise<TExecutionResult> } };

const BANNER = "[inngest] no Inngest server configured: running functions in-process (development runner)";
const MAX_EXECUTIONS = 500;
const MAX_SLEEP_MS = 60_000;
const SEEN_IDS_MAX = 10_000;

export type TDevRunnerOptions = {
  /** First retry delay; doubles per attempt, capped at `maxBackoffMs`. */
  backoffMs: number;
  maxBackoffMs: number;
};
const defaults: TDevRunnerOptions = { backoffMs: 1_000, maxBackoffMs: 30_000 };

type TState = {
  options: TDevRunnerOptions;
  functions?: readonly TFn[];
  running: Set<Promise<unknown>>;
  seenIds: Map<string, number>;
  announced: boolean;
  cronTimer?: NodeJS.Timeout;
};
const g = globalThis as unknown as { sottoDevRunner?: TState };
const state: TState = (g.sottoDevRunner ??= { options: { ...defaults }, running: new Set(), seenIds: new Map(), announced: false });

function assertAllowed(): void {
  if (isProduction()) throw new Error("The in-process Inngest development runner is refused in production: configure INNGEST_EVENT_KEY / INNGEST_SIGNING_KEY (or INNGEST_BASE_URL)");
  if (!state.announced) {
    state.announced = true;
    log.info(BANNER);
  }
}

/** Tests shorten the backoff. */
export function configureDevRunner(options: Partial<TDevRunnerOptions>): void {
  state.options = { ...state.options, ...options };
}

/** The registry (inngest/functions.ts), loaded on first use: it imports the client, which loads this module lazily. */
async function registry(): Promise<readonly TFn[]> {
  state.functions ??= (await import("./functions")).functions as readonly TFn[];
  return state.functions;
}

/** Tests run their own function list. */
export function setDevRunnerFunctions(functions: readonly TFn[] | undefined): void {
  state.functions = functions;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function backoff(attempt: number, retriable: boolean | string | undefined): number {
  if (typeof retriable === "string") {
    try {
      return Math.min(durationToMs(retriable), state.options.maxBackoffMs);
    } catch {
      // A RetryAfterError date we cannot read: fall through to the exponential delay.
    }
  }
  return Math.min(state.options.backoffMs * 2 ** Math.max(0, attempt - 1), state.options.maxBackoffMs);
}

function sleepMs(op: OutgoingOp): number {
  const spec = op.name ?? "";
  const until = Date.parse(spec);
  const ms = Number.isNaN(until) ? durationToMs(spec) : until - Date.now();
  return Math.max(0, Math.min(ms, MAX_SLEEP_MS));
}

type TTrigger = { event?: string | { name: string }; cron?: string } | undefined;
const triggersOf = (fn: TFn): TTrigger[] => (fn.opts.triggers ?? []) as TTrigger[];

function eventNames(fn: TFn): string[] {
  return triggersOf(fn).flatMap((t) => {
    if (!t || typeof t !== "object" || !("event" in t) || !t.event) return [];
    return [typeof t.event === "string" ? t.event : t.event.name];
  });
}

function cronTriggered(fn: TFn): boolean {
  return triggersOf(fn).some((t) => Boolean(t?.cron));
}

/**
 * Runs one function for one event to the end (or to its last failed attempt),
 * re-entering the handler with memoised step results like the Inngest executor.
 */
export async function runFunction(fn: TFn, event: TEvent): Promise<TRunResult> {
  const runId = `dev_${randomUUID()}`;
  const maxAttempts = (fn.opts.retries ?? 3) + 1;
  const stepState: Record<string, TMemo> = {};
  const order: string[] = [];
  const planned: string[] = [];
  const fullEvent = { id: event.id ?? randomUUID(), ts: event.ts ?? Date.now(), name: event.name, data: event.data ?? {} };
  let attempt = 0;
  let attempts = 1;
  let requested: string | undefined;

  for (let i = 0; i < MAX_EXECUTIONS; i++) {
    requested ??= planned.shift();
    const execution = (fn as unknown as TExecutable).createExecution({
      partialOptions: {
        client: (fn as unknown as { client: unknown }).client,
        runId,
        data: { runId, attempt, maxAttempts, event: fullEvent, events: [fullEvent] },
        reqArgs: [],
        headers: {},
        stepCompletionOrder: [...order],
        stepState: { ...stepState },
        stepMode: StepMode.Async,
        requestedRunStep: requested,
        disableImmediateExecution: false,
        handlerKind: "main",
      },
    });
    const result = await execution.start();
    requested = undefined;

    switch (result.type) {
      case "function-resolved":
        return { status: "completed", output: result.data, attempts };
      case "function-rejected":
        if (result.retriable !== false && attempt + 1 < maxAttempts) {
          attempt++;
          attempts++;
          await sleep(backoff(attempt, result.retriable));
          continue;
        }
        return { status: "failed", error: result.error, attempts };
      case "step-ran": {
        const step = result.step;
        if (step.op === StepOpCode.StepError) {
          // A retriable step failure: the same step again, one attempt later.
          attempt++;
          attempts++;
          await sleep(backoff(attempt, result.retriable));
          requested = step.id;
          continue;
        }
        stepState[step.id] = step.op === StepOpCode.StepFailed ? { id: step.id, error: step.error } : { id: step.id, data: step.data };
        order.push(step.id);
        attempt = 0;
        continue;
      }
      case "steps-found": {
        for (const op of result.steps) {
          if (op.op === StepOpCode.StepPlanned) {
            if (!planned.includes(op.id) && !(op.id in stepState)) planned.push(op.id);
          } else if (op.op === StepOpCode.Sleep) {
            await sleep(sleepMs(op));
            stepState[op.id] = { id: op.id, data: null };
            order.push(op.id);
          } else if (op.op === StepOpCode.RunComplete) {
            return { status: "completed", output: op.data, attempts };
          } else if (op.op === StepOpCode.StepFailed || op.op === StepOpCode.StepError) {
            return { status: "failed", error: op.error, attempts };
          } else {
            return { status: "failed", error: new Error(`The development runner does not support ${op.op} (step "${op.displayName ?? op.id}"); run an Inngest dev server (INNGEST_DEV=1)`), attempts };
          }
        }
        continue;
      }
      default:
        return { status: "failed", error: new Error(`Unexpected execution result "${result.type}" in the development runner`), attempts };
    }
  }
  return { status: "failed", error: new Error(`Run ${runId} did not finish within ${MAX_EXECUTIONS} executions`), attempts };
}

function track(p: Promise<unknown>): void {
  state.running.add(p);
  void p.finally(() => state.running.delete(p));
}

async function runAndLog(fn: TFn, event: TEvent): Promise<void> {
  try {
    const r = await runFunction(fn, event);
    if (r.status === "failed") log.error("[inngest] function failed (development runner)", { fn: fn.id(), event: event.name, eventId: event.id, attempts: r.attempts, error: r.error });
    else log.debug("[inngest] function completed (development runner)", { fn: fn.id(), event: event.name, attempts: r.attempts });
  } catch (error) {
    log.error("[inngest] development runner crashed running a function", { fn: fn.id(), event: event.name, error });
  }
}

/** Like Inngest, an event id is accepted once (within this process's memory); repeats trigger nothing. */
function firstTime(id: string | undefined): boolean {
  if (!id) return true;
  if (state.seenIds.has(id)) return false;
  state.seenIds.set(id, Date.now());
  if (state.seenIds.size > SEEN_IDS_MAX) state.seenIds.delete(state.seenIds.keys().next().value!);
  return true;
}

/**
 * Accepts events like the Inngest event API: answers at once with their ids and
 * runs the matching functions in the background (`drainDevRunner()` waits).
 */
export async function dispatchInProcess(events: readonly TEvent[]): Promise<{ ids: string[] }> {
  assertAllowed();
  const functions = await registry();
  const ids: string[] = [];
  for (const e of events) {
    const id = e.id ?? randomUUID();
    ids.push(id);
    if (!firstTime(e.id)) continue;
    for (const fn of functions) if (eventNames(fn).includes(e.name)) track(runAndLog(fn, { ...e, id }));
  }
  return { ids };
}

/** Resolves when every run started so far (and any they started) has finished. */
export async function drainDevRunner(): Promise<void> {
  while (state.running.size) await Promise.allSettled([...state.running]);
}

/** Runs every cron-triggered function once now (the interval timer calls this). */
export async function runDevCrons(): Promise<void> {
  assertAllowed();
  for (const fn of await registry()) {
    if (cronTriggered(fn)) track(runAndLog(fn, { name: "inngest/scheduled.timer", data: {} }));
  }
}

/**
 * Starts the cron interval (instrumentation.ts calls this at server start when
 * the runner is active). Crons run every INNGEST_DEV_RUNNER_CRON_SECONDS rather
 * than on their schedule: in development they are safety nets, not calendars.
 */
export function startDevRunnerCrons(): void {
  const seconds = env.INNGEST_DEV_RUNNER_CRON_SECONDS;
  if (state.cronTimer || seconds === 0) return;
  assertAllowed();
  state.cronTimer = setInterval(() => void runDevCrons().catch((error) => log.error("[inngest] development cron run failed", { error })), seconds * 1000);
  state.cronTimer.unref();
}

export function stopDevRunnerCrons(): void {
  if (state.cronTimer) clearInterval(state.cronTimer);
  state.cronTimer = undefined;
}
