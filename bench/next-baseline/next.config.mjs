// Baseline N for bench/webhooks.mjs: the smallest Next.js app with one route
// handler doing the same work as baseline B. Built (with webpack: Turbopack,
// rooted at the repository for node_modules, would pick up the main app's
// instrumentation.ts) and started by the benchmark.
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");

const config = {
  distDir: ".next-baseline",
  poweredByHeader: false,
  serverExternalPackages: ["pg"],
  outputFileTracingRoot: root,
};

export default config;
