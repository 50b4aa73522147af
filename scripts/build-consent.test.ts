import fs from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
// @ts-expect-error plain ESM script without types
import { buildConsent } from "./build-consent.mjs";

/** consent.js budget (.size-limit.json, `npm run size`) on a fresh in-memory build, and no server code in it. */
const ROOT = path.resolve(import.meta.dirname, "..");
const budget = (JSON.parse(fs.readFileSync(path.join(ROOT, ".size-limit.json"), "utf8")) as { path: string | string[]; limit: string }[]).find((b) => b.path === "public/consent.js")!;

describe("consent.js bundle", async () => {
  const { bytes } = (await buildConsent({ write: false })) as { bytes: Uint8Array };
  const text = Buffer.from(bytes).toString("utf8");

  it(`stays within ${budget.limit} gzipped, CSS included`, () => {
    const limit = Number(/^([\d.]+)\s*KB$/i.exec(budget.limit)![1]) * 1000;
    expect(gzipSync(Buffer.from(bytes), { level: 9 }).length).toBeLessThanOrEqual(limit);
    expect(text).toContain("adoptedStyleSheets");
  });

  it("carries no server modules or third-party hosts", () => {
    for (const bad of ["zod", "prisma", "node:crypto", "process.env", "googletagmanager", "doubleclick"]) expect(text).not.toContain(bad);
  });
});
