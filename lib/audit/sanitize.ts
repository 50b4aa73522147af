/**
 * Audit metadata is kept forever and shown to admins, so nothing secret-looking
 * may reach it. Keys are matched rather than values because callers pass whole
 * objects (settings diffs, request bodies) whose values we cannot classify.
 */
export const SECRET_KEY_PATTERN = /token|secret|password|key/i;

const MAX_DEPTH = 8;
const MAX_STRING = 2_000;
const MAX_ARRAY = 100;

export type TJsonValue = string | number | boolean | null | TJsonValue[] | { [key: string]: TJsonValue };

function clean(value: unknown, depth: number, seen: WeakSet<object>): TJsonValue | undefined {
  if (value === null) return null;
  switch (typeof value) {
    case "string":
      return value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}…` : value;
    case "number":
      return Number.isFinite(value) ? value : null;
    case "boolean":
      return value;
    case "bigint":
      return value.toString();
    case "object":
      break;
    default:
      // undefined, functions and symbols have no JSON form; dropping beats "[object]" noise.
      return undefined;
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  const obj = value as object;
  if (depth >= MAX_DEPTH || seen.has(obj)) return "[truncated]";
  seen.add(obj);
  try {
    if (Array.isArray(obj)) {
      return obj.slice(0, MAX_ARRAY).map((v) => clean(v, depth + 1, seen) ?? null);
    }
    const out: Record<string, TJsonValue> = {};
    for (const [k, v] of Object.entries(obj)) {
      if (SECRET_KEY_PATTERN.test(k)) continue;
      const c = clean(v, depth + 1, seen);
      if (c !== undefined) out[k] = c;
    }
    return out;
  } finally {
    seen.delete(obj);
  }
}

/** A JSON-safe copy of `metadata` without secret-looking keys at any depth. */
export function sanitizeMetadata(metadata: Record<string, unknown> | undefined | null): Record<string, TJsonValue> {
  if (!metadata) return {};
  const out = clean(metadata, 0, new WeakSet());
  return out && typeof out === "object" && !Array.isArray(out) ? out : {};
}
