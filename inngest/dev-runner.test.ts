import { Inngest, NonRetriableError } from "inngest";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { configureDevRunner, dispatchInProcess, drainDevRunner, runFunction, setDevRunnerFunctions } from "./dev-runner";

const client = new Inngest({ id: "dev-runner-test", isDev: true });

describe("development runner", () => {
  beforeAll(() => configureDevRunner({ backoffMs: 5, maxBackoffMs: 20 }));
  afterEach(() => {
    setDevRunnerFunctions(undefined);
    vi.unstubAllEnvs();
  });

  it("runs each step once and replays memoised results when the handler re-enters", async () => {
    const calls = { a: 0, b: 0, handler: 0 };
    const fn = client.createFunction({ id: "two-steps", triggers: [{ event: "test/two" }] }, async ({ event, step }) => {
      calls.handler++;
      const a = await step.run("a", () => ++calls.a * 10);
      const b = await step.run("b", () => ++calls.b + a);
      return { a, b, input: event.data };
    });
    const r = await runFunction(fn, { name: "test/two", data: { x: 1 } });
    expect(r).toMatchObject({ status: "completed", output: { a: 10, b: 11, input: { x: 1 } } });
    expect(calls.a).toBe(1);
    expect(calls.b).toBe(1);
    expect(calls.handler).toBeGreaterThan(1); // re-entered, steps not re-run
  });

  it("retries a step that throws, with backoff, until it succeeds", async () => {
    let tries = 0;
    const fn = client.createFunction({ id: "flaky", retries: 3, triggers: [{ event: "test/flaky" }] }, async ({ step }) =>
      step.run("flaky", () => {
        if (++tries < 3) throw new Error("temporarily unavailable");
        return "ok";
      }),
    );
    const r = await runFunction(fn, { name: "test/flaky" });
    expect(r).toMatchObject({ status: "completed", output: "ok", attempts: 3 });
    expect(tries).toBe(3);
  });

  it("gives up after the function's retries", async () => {
    let tries = 0;
    const fn = client.createFunction({ id: "always-fails", retries: 2, triggers: [{ event: "test/fail" }] }, async ({ step }) =>
      step.run("boom", () => {
        tries++;
        throw new Error("down");
      }),
    );
    const r = await runFunction(fn, { name: "test/fail" });
    expect(r.status).toBe("failed");
    expect(tries).toBe(3); // first attempt + 2 retries
  });

  it("does not retry a NonRetriableError", async () => {
    let tries = 0;
    const fn = client.createFunction({ id: "permanent", retries: 5, triggers: [{ event: "test/permanent" }] }, async ({ step }) =>
      step.run("validate", () => {
        tries++;
        throw new NonRetriableError("payload can never succeed");
      }),
    );
    const r = await runFunction(fn, { name: "test/permanent" });
    expect(r.status).toBe("failed");
    expect(tries).toBe(1);
  });

  it("retries a handler that throws outside steps, keeping completed steps", async () => {
    let stepRuns = 0;
    let handlerThrows = 0;
    const fn = client.createFunction({ id: "throws-after-step", retries: 2, triggers: [{ event: "test/after" }] }, async ({ step }) => {
      const v = await step.run("once", () => ++stepRuns);
      if (handlerThrows++ < 1) throw new Error("transient");
      return v;
    });
    const r = await runFunction(fn, { name: "test/after" });
    expect(r).toMatchObject({ status: "completed", output: 1 });
    expect(stepRuns).toBe(1);
  });

  it("dispatches an event to every function it triggers, once per event id", async () => {
    const seen: string[] = [];
    const f1 = client.createFunction({ id: "f1", triggers: [{ event: "test/fan" }] }, async ({ event }) => void seen.push(`f1:${(event.data as { n: number }).n}`));
    const f2 = client.createFunction({ id: "f2", triggers: [{ event: "test/fan" }, { event: "test/other" }] }, async ({ event }) => void seen.push(`f2:${(event.data as { n: number }).n}`));
    const f3 = client.createFunction({ id: "f3", triggers: [{ event: "test/unrelated" }] }, async () => void seen.push("f3"));
    setDevRunnerFunctions([f1, f2, f3]);
    const id = `evt-${Math.random()}`;
    const { ids } = await dispatchInProcess([{ name: "test/fan", data: { n: 1 }, id }]);
    await dispatchInProcess([{ name: "test/fan", data: { n: 2 }, id }]); // same id: ignored, like Inngest
    await drainDevRunner();
    expect(ids).toEqual([id]);
    expect(seen.sort()).toEqual(["f1:1", "f2:1"]);
  });

  it("is refused in production, and sendEvent refuses rather than running jobs in the web process", async () => {
    vi.stubEnv("SOTTO_ENV", "production");
    vi.stubEnv("AUTH_SECRET", "x".repeat(32));
    vi.stubEnv("SOTTO_ENCRYPTION_KEYS", `k1:${Buffer.alloc(32, 1).toString("base64")}`);
    vi.stubEnv("APP_DATABASE_URL", "postgresql://sotto_app@127.0.0.1:5432/none");
    for (const k of ["INNGEST_EVENT_KEY", "INNGEST_BASE_URL", "INNGEST_DEV"]) vi.stubEnv(k, undefined);
    vi.resetModules();
    const { dispatchInProcess: dispatch, startDevRunnerCrons } = await import("./dev-runner");
    const { inngestMode } = await import("./client");
    const { sendEvent } = await import("./send");
    expect(inngestMode()).toBe("unconfigured");
    await expect(dispatch([{ name: "test/x", data: {} }])).rejects.toThrow(/refused in production/);
    expect(() => startDevRunnerCrons()).toThrow(/refused in production/);
    await expect(sendEvent({ name: "message.send", data: { tenantId: "t", messageId: "m" } })).rejects.toThrow(/no Inngest server is configured/);
  });
});
