#!/usr/bin/env node
// Builds the consent manager into public/consent.js (consent/index.ts and the
// client-safe modules of lib/consent/ it imports; its CSS is a string inside).
//
//   node scripts/build-consent.mjs      (scripts/build-assets.mjs runs it with the widget build)
//
// One IIFE, no source map, no dependencies. Budget: 10 KB gzipped (.size-limit.json).
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const CONSENT_OUTPUT = "public/consent.js";

export async function buildConsent({ write = true } = {}) {
  const r = await build({
    absWorkingDir: ROOT,
    entryPoints: ["consent/index.ts"],
    outfile: CONSENT_OUTPUT,
    bundle: true,
    minify: true,
    format: "iife",
    target: ["es2020"],
    platform: "browser",
    legalComments: "none",
    charset: "utf8",
    tsconfig: path.join(ROOT, "tsconfig.json"),
    write,
    logLevel: "warning",
  });
  return { out: CONSENT_OUTPUT, bytes: write ? null : r.outputFiles[0].contents };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const t0 = Date.now();
  await buildConsent();
  console.log(`consent: built ${CONSENT_OUTPUT} in ${Date.now() - t0} ms`);
}
