import { afterEach, describe, expect, it, vi } from "vitest";

const level = vi.hoisted(() => ({ value: "info" as string }));
vi.mock("@/lib/env", () => ({ env: { get LOG_LEVEL() { return level.value; } } }));

const { log, REDACTED } = await import("./log");

function capture() {
  const out = vi.spyOn(console, "log").mockImplementation(() => undefined);
  const err = vi.spyOn(console, "error").mockImplementation(() => undefined);
  const lines = () => [...out.mock.calls, ...err.mock.calls].map((c) => JSON.parse(String(c[0])) as Record<string, unknown>);
  return { out, err, lines };
}

afterEach(() => {
  vi.restoreAllMocks();
  level.value = "info";
});

describe("log", () => {
  it("writes one JSON line with level, time and message", () => {
    const c = capture();
    log.info("hello", { requestId: "r1" });
    expect(c.out).toHaveBeenCalledTimes(1);
    expect(c.lines()[0]).toMatchObject({ level: "info", msg: "hello", requestId: "r1" });
    expect(c.lines()[0]!.time).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it("sends warn and error to stderr", () => {
    const c = capture();
    log.warn("w");
    log.error("e");
    expect(c.err).toHaveBeenCalledTimes(2);
    expect(c.out).not.toHaveBeenCalled();
  });

  it("redacts credential-like keys at any depth", () => {
    const c = capture();
    log.info("req", {
      accessToken: "t1",
      headers: { Authorization: "Bearer x", cookie: "a=b", "set-cookie": "c=d", accept: "json" },
      user: { password: "p", email: "kept@example.com" },
      list: [{ clientSecret: "s" }],
      AUTH_SECRET: "s2",
    });
    const line = c.lines()[0]!;
    expect(line.accessToken).toBe(REDACTED);
    expect(line.headers).toEqual({ Authorization: REDACTED, cookie: REDACTED, "set-cookie": REDACTED, accept: "json" });
    expect(line.user).toEqual({ password: REDACTED, email: "kept@example.com" });
    expect(line.list).toEqual([{ clientSecret: REDACTED }]);
    expect(line.AUTH_SECRET).toBe(REDACTED);
    expect(JSON.stringify(line)).not.toMatch(/Bearer x|a=b|"p"|"t1"/);
  });

  it("redacts inside Headers objects and serialises errors", () => {
    const c = capture();
    log.error("boom", { headers: new Headers({ authorization: "Bearer y", "x-request-id": "r" }), err: new Error("bad") });
    const line = c.lines()[0]!;
    expect(line.headers).toEqual({ authorization: REDACTED, "x-request-id": "r" });
    expect(line.err).toMatchObject({ name: "Error", message: "bad" });
  });

  it("survives circular structures", () => {
    const c = capture();
    const a: Record<string, unknown> = { name: "a" };
    a.self = a;
    log.info("loop", { a });
    expect(c.lines()[0]!.a).toEqual({ name: "a", self: "[circular]" });
  });

  it("does not let fields overwrite level or message", () => {
    const c = capture();
    log.info("real", { level: "error", msg: "forged" });
    expect(c.lines()[0]).toMatchObject({ level: "info", msg: "real" });
  });

  it("respects LOG_LEVEL", () => {
    level.value = "warn";
    const c = capture();
    log.debug("d");
    log.info("i");
    log.warn("w");
    expect(c.lines().map((l) => l.msg)).toEqual(["w"]);
  });
});
