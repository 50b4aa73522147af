import { Inngest, Middleware, NonRetriableError, type Logger, type SendEventBaseOutput } from "inngest";
import { env, isProduction } from "@/lib/env";
import { log, type TLogLevel } from "@/lib/log";

/**
 * Where events go:
 * - "server": an Inngest server is configured (INNGEST_EVENT_KEY for Inngest
 *   Cloud, INNGEST_BASE_URL for a self-hosted server, INNGEST_DEV for the dev server).
 * - "in-process": none is, outside production: the development runner
 *   (inngest/dev-runner.ts) runs the same function definitions in this process.
 * - "unconfigured": production without a server. Sending throws: jobs must not
 *   silently run inside web processes in production.
 */
export type TInngestMode = "server" | "in-process" | "unconfigured";

export function inngestMode(): TInngestMode {
  if (env.INNGEST_EVENT_KEY || env.INNGEST_BASE_URL || env.INNGEST_DEV) return "server";
  return isProduction() ? "unconfigured" : "in-process";
}

function devServerUrl(): string | undefined {
  const v = env.INNGEST_DEV;
  return v && /^https?:\/\//.test(v) ? v : undefined;
}

function devFlag(): boolean {
  const v = env.INNGEST_DEV;
  if (v === undefined || v === "") return inngestMode() === "in-process";
  return !/^(0|false|no)$/i.test(v);
}

const write = (level: TLogLevel) => (...args: unknown[]) => {
  const [first, ...rest] = args;
  if (typeof first === "string") log[level](`[inngest] ${first}`, rest.length ? { args: rest } : undefined);
  else log[level](`[inngest] ${typeof rest[0] === "string" ? rest[0] : "event"}`, { detail: first });
};
const logger: Logger = { debug: write("debug"), info: write("info"), warn: write("warn"), error: write("error") };

/**
 * - Sends go to the development runner when no Inngest server is configured, so
 *   `sendEvent()`, `inngest.send()` and `step.sendEvent()` inside functions all
 *   behave the same in development. Loaded lazily: the runner imports the
 *   function registry, which imports this client.
 * - An event whose data fails its trigger's schema can never succeed: it fails
 *   the run at once instead of being retried.
 */
class SottoMiddleware extends Middleware.BaseMiddleware {
  readonly id = "sotto";

  override async wrapFunctionHandler(args: Middleware.WrapFunctionHandlerArgs): Promise<unknown> {
    try {
      return await args.next();
    } catch (error) {
      if ((error as Error | undefined)?.name === "EventValidationError") throw new NonRetriableError((error as Error).message, { cause: error });
      throw error;
    }
  }

  override async wrapSendEvent(args: Middleware.WrapSendEventArgs): Promise<SendEventBaseOutput> {
    const mode = inngestMode();
    if (mode === "server") return args.next();
    if (mode === "unconfigured") {
      throw new Error("No Inngest server is configured (INNGEST_EVENT_KEY, INNGEST_BASE_URL or INNGEST_DEV); the in-process development runner is refused in production");
    }
    const { dispatchInProcess } = await import("./dev-runner");
    return dispatchInProcess(args.events as unknown as { name: string; data?: unknown; id?: string }[]);
  }
}

/**
 * The one Inngest client. Options are getters because configuration is parsed
 * lazily (lib/env.ts): importing this module, e.g. while `next build` collects
 * routes, must not require the environment. The SDK reads them on each use.
 */
const options = {
  id: "sotto",
  logger,
  middleware: [SottoMiddleware],
  get eventKey() {
    return env.INNGEST_EVENT_KEY;
  },
  get signingKey() {
    return env.INNGEST_SIGNING_KEY;
  },
  get baseUrl() {
    return env.INNGEST_BASE_URL ?? devServerUrl();
  },
  get isDev() {
    return devFlag();
  },
};

export const inngest = new Inngest(options);
