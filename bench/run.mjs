#!/usr/bin/env node
// npm run bench:<name>: installs what is missing (node_modules, the generated
// Prisma client) first, as `npm run demo` and `npm test` do, so a benchmark
// works on a fresh clone; then runs bench/<name>.mjs with the given arguments.
// Only Node built-ins and scripts/lib here: node_modules may not exist yet.
import { spawn } from "node:child_process";
import path from "node:path";
import { ensureDeps } from "../scripts/lib/deps.mjs";
import { ROOT, bin } from "../scripts/lib/proc.mjs";

// bench:privacy imports the TypeScript sources it measures, so it runs under tsx.
const RUNNERS = { webhooks: process.execPath, privacy: bin("tsx") };

const [name, ...args] = process.argv.slice(2);
const runner = RUNNERS[name];
if (!runner) {
  console.error(`usage: node bench/run.mjs <${Object.keys(RUNNERS).join("|")}> [args]`);
  process.exit(2);
}
await ensureDeps(process.env);
const child = spawn(runner, [path.join(ROOT, "bench", `${name}.mjs`), ...args], { stdio: "inherit" });
// Ctrl-C reaches the child through the terminal's process group; the child cleans up and exits.
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
