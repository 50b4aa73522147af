import fs from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
// @ts-expect-error plain ESM script without types
import { buildWidget } from "./build-widget.mjs";

/**
 * The widget's size budgets (.size-limit.json, also checked by `npm run size`)
 * enforced in the unit stage on a fresh in-memory build, so a change that
 * blows a budget fails the ordinary test run too. And what the browser gets
 * holds none of the server's secrets or modules.
 */
const ROOT = path.resolve(import.meta.dirname, "..");
type TBudget = { name: string; path: string | string[]; limit: string; gzip?: boolean };
const budgets = JSON.parse(fs.readFileSync(path.join(ROOT, ".size-limit.json"), "utf8")) as TBudget[];
const KB = 1000; // size-limit reads "3 KB" as 3000 bytes

describe("widget bundles", async () => {
  const built: { out: string; bytes: Uint8Array }[] = await buildWidget({ write: false });
  const byPath = new Map(built.map((b) => [b.out, b.bytes]));

  it("builds the loader, the frame script and its styles", () => {
    expect([...byPath.keys()].sort()).toEqual(["public/widget-frame.css", "public/widget-frame.js", "public/widget.js"]);
  });

  for (const budget of budgets.filter((b) => [b.path].flat().every((p) => p.startsWith("public/widget")))) {
    it(`${budget.name} stays within ${budget.limit} gzipped`, () => {
      const limit = Number(/^([\d.]+)\s*KB$/i.exec(budget.limit)![1]) * KB;
      const size = [budget.path].flat().reduce((sum, p) => sum + gzipSync(Buffer.from(byPath.get(p)!), { level: 9 }).length, 0);
      expect(size).toBeLessThanOrEqual(limit);
    });
  }

  it("ships no server code: no env access, no node modules, no secrets", () => {
    for (const [out, bytes] of byPath) {
      const text = Buffer.from(bytes).toString("utf8");
      expect(text, out).not.toMatch(/process\.env|AUTH_SECRET|node:crypto|server-only|prisma/i);
    }
  });
});
