import { describe, expect, it } from "vitest";
import { sessionIsIdle, sessionIsPastAbsoluteLifetime } from "./adapter";
import { env } from "@/lib/env";

const MIN = 60_000;

describe("session idle timeout", () => {
  const at = new Date("2026-11-23T12:00:00Z");
  // Auth.js sets expires = last activity + server idle timeout.
  const expiresAfterActivity = (minutesAgo: number) => new Date(at.getTime() - minutesAgo * MIN + env.SESSION_IDLE_MINUTES * MIN);

  it("keeps a session active within the server idle timeout", () => {
    expect(sessionIsIdle(expiresAfterActivity(env.SESSION_IDLE_MINUTES - 1), null, at)).toBe(false);
  });
  it("ends a session idle longer than the server timeout (default 30 minutes)", () => {
    expect(env.SESSION_IDLE_MINUTES).toBe(30);
    expect(sessionIsIdle(expiresAfterActivity(31), null, at)).toBe(true);
  });
  it("applies a shorter workspace timeout", () => {
    expect(sessionIsIdle(expiresAfterActivity(11), 10, at)).toBe(true);
    expect(sessionIsIdle(expiresAfterActivity(9), 10, at)).toBe(false);
  });
  it("never lets a workspace lengthen the server timeout", () => {
    expect(sessionIsIdle(expiresAfterActivity(31), 480, at)).toBe(true);
  });
});

describe("absolute session lifetime", () => {
  it("ends even an active session after SESSION_MAX_HOURS", () => {
    const at = new Date("2026-11-23T12:00:00Z");
    expect(sessionIsPastAbsoluteLifetime(new Date(at.getTime() - (env.SESSION_MAX_HOURS * 60 + 1) * MIN), at)).toBe(true);
    expect(sessionIsPastAbsoluteLifetime(new Date(at.getTime() - 60 * MIN), at)).toBe(false);
  });
});
