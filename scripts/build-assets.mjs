#!/usr/bin/env node
// The one build step for browser files served from public/, run before `next build`
// (which serves only the public files present at build time) and by `npm run size`:
// the chat widget (scripts/build-widget.mjs) and the consent manager (scripts/build-consent.mjs).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));

export async function buildAssets() {
  const builds = [];
  if (fs.existsSync(path.join(HERE, "build-widget.mjs"))) {
    const { buildWidget } = await import("./build-widget.mjs");
    builds.push(buildWidget().then((r) => r.map((o) => o.out)));
  }
  const { buildConsent } = await import("./build-consent.mjs");
  builds.push(buildConsent().then((r) => [r.out]));
  return (await Promise.all(builds)).flat();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const t0 = Date.now();
  const outs = await buildAssets();
  console.log(`assets: built ${outs.join(", ")} in ${Date.now() - t0} ms`);
}
