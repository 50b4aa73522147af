import { env } from "@/lib/env";

/**
 * Structured JSON-lines logger. Secrets must never reach log storage, so keys
 * that look like credentials are redacted at any depth before serialising.
 */
export type TLogLevel = "debug" | "info" | "warn" | "error";
export type TLogFields = Record<string, unknown>;

const RANK: Record<TLogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const SECRET_KEY = /token|secret|password|authorization|cookie/i;
const MAX_DEPTH = 6;
export const REDACTED = "[redacted]";

function threshold(): TLogLevel {
  // Invalid configuration must not silence the logger that reports it.
  try {
    return env.LOG_LEVEL;
  } catch {
    return "info";
  }
}

export function redact(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (value === null || typeof value !== "object") {
    if (typeof value === "bigint") return value.toString();
    if (typeof value === "function" || typeof value === "symbol") return undefined;
    return value;
  }
  if (seen.has(value)) return "[circular]";
  if (depth >= MAX_DEPTH) return "[truncated]";
  seen.add(value);
  if (value instanceof Error) {
    return { name: value.name, message: value.message, stack: value.stack, ...(value.cause !== undefined ? { cause: redact(value.cause, depth + 1, seen) } : {}) };
  }
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Headers) return redact(Object.fromEntries(value.entries()), depth, seen);
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) ? REDACTED : redact(v, depth + 1, seen);
  return out;
}

function write(level: TLogLevel, msg: string, fields?: TLogFields): void {
  if (RANK[level] < RANK[threshold()]) return;
  const safe = fields ? (redact(fields) as Record<string, unknown>) : {};
  // Reserved keys come last so fields cannot forge the level or message.
  const line = JSON.stringify({ ...safe, time: new Date().toISOString(), level, msg });
  if (level === "warn" || level === "error") console.error(line);
  else console.log(line);
}

export const log = {
  debug: (msg: string, fields?: TLogFields) => write("debug", msg, fields),
  info: (msg: string, fields?: TLogFields) => write("info", msg, fields),
  warn: (msg: string, fields?: TLogFields) => write("warn", msg, fields),
  error: (msg: string, fields?: TLogFields) => write("error", msg, fields),
};
