import { env, isProduction } from "@/lib/env";

/**
 * Sotto's notion of "now". Tests that exercise session expiry or retention move it
 * forward with `setClockOffset` (only when SOTTO_TEST_CLOCK is on, never in
 * production); everything time-dependent reads `now()` instead of `new Date()`.
 */
const store = globalThis as unknown as { sottoClockOffsetMs?: number };

export function now(): Date {
  return new Date(Date.now() + (store.sottoClockOffsetMs ?? 0));
}

export function testClockEnabled(): boolean {
  return env.SOTTO_TEST_CLOCK && !isProduction();
}

export function setClockOffset(ms: number): void {
  if (!testClockEnabled()) throw new Error("The test clock is disabled");
  store.sottoClockOffsetMs = ms;
}

export function clockOffset(): number {
  return store.sottoClockOffsetMs ?? 0;
}
