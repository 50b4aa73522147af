import { env, isProduction } from "@/lib/env";

/**
 * Sotto's notion of "now". Everything time-dependent reads `now()` (or, inside a
 * request, `requestNow()`) instead of `new Date()`, so tests can move time:
 * in-process tests with `setClockOffset`, browser tests per request with the
 * `x-sotto-clock-offset-ms` header. Both only when SOTTO_TEST_CLOCK is on, and
 * never in production.
 */
const store = globalThis as unknown as { sottoClockOffsetMs?: number };
export const TEST_CLOCK_HEADER = "x-sotto-clock-offset-ms";

export function testClockEnabled(): boolean {
  return env.SOTTO_TEST_CLOCK && !isProduction();
}

export function now(): Date {
  return new Date(Date.now() + (testClockEnabled() ? (store.sottoClockOffsetMs ?? 0) : 0));
}

export function setClockOffset(ms: number): void {
  if (!testClockEnabled()) throw new Error("The test clock is disabled");
  store.sottoClockOffsetMs = ms;
}

/** `now()` plus the per-request test offset, when the test clock is on. */
export async function requestNow(): Promise<Date> {
  const base = now();
  if (!testClockEnabled()) return base;
  try {
    const { headers } = await import("next/headers");
    const raw = (await headers()).get(TEST_CLOCK_HEADER);
    const offset = raw && /^-?\d{1,12}$/.test(raw) ? Number(raw) : 0;
    return new Date(base.getTime() + offset);
  } catch {
    return base; // outside a request
  }
}
