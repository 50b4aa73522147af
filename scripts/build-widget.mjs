#!/usr/bin/env node
// Builds the website chat widget's browser files into public/ (run before `next build`,
// which serves only the public files present at build time):
//
//   public/widget.js         the loader customers embed (widget/loader.ts)
//   public/widget-frame.js   the chat UI inside the iframe (widget/frame/main.ts)
//   public/widget-frame.css  its styles (widget/frame/styles.css)
//
//   node scripts/build-widget.mjs          (npm run build:widget; `npm run size` checks the budgets)
//
// Plain, dependency-free IIFE bundles for the browsers people still use; no source maps
// in public/ (they would ship the sources to every visitor for nothing).
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const TARGET = ["es2020"];

export const WIDGET_OUTPUTS = [
  { entry: "widget/loader.ts", out: "public/widget.js" },
  { entry: "widget/frame/main.ts", out: "public/widget-frame.js" },
  { entry: "widget/frame/styles.css", out: "public/widget-frame.css" },
];

/** Builds every output; with `write: false` returns the bytes instead of writing them (tests). */
export async function buildWidget({ write = true } = {}) {
  const results = await Promise.all(
    WIDGET_OUTPUTS.map(async ({ entry, out }) => {
      const r = await build({
        absWorkingDir: ROOT,
        entryPoints: [entry],
        outfile: out,
        bundle: true,
        minify: true,
        format: entry.endsWith(".css") ? undefined : "iife",
        target: TARGET,
        platform: "browser",
        legalComments: "none",
        charset: "utf8",
        tsconfig: path.join(ROOT, "tsconfig.json"),
        write,
        logLevel: "warning",
      });
      return { out, bytes: write ? null : r.outputFiles[0].contents };
    }),
  );
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const t0 = Date.now();
  await buildWidget();
  console.log(`widget: built ${WIDGET_OUTPUTS.map((o) => o.out).join(", ")} in ${Date.now() - t0} ms`);
}
