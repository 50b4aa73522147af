#!/usr/bin/env node
// Sotto's production web server: `next start`, plus direct dispatch of provider
// webhooks (lib/http/direct-routes.ts explains why and what that skips).
//
//   node server/web.mjs [-p PORT] [-H HOSTNAME]      (npm start; PORT / HOSTNAME also work)
//
// Every request that the dispatcher does not take goes to Next's own request
// handler, so pages, server actions, route handlers and proxy.ts behave exactly
// as under `next start`. NEXT_DIST_DIR picks the build folder, as for next build.
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import next from "next";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const DISPATCHER_KEY = Symbol.for("sotto.directDispatcher");

function option(flag, fallback) {
  const i = process.argv.indexOf(flag);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const port = Number(option("-p", process.env.PORT || "3000"));
const hostname = option("-H", process.env.HOSTNAME || undefined);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`server/web.mjs: invalid port ${port}`);
  process.exit(2);
}
// `next start` does the same: a production server is a production build.
process.env.NODE_ENV = "production";

const app = next({ dev: false, dir: ROOT, hostname: hostname ?? "localhost", port });
const handle = app.getRequestHandler();
await app.prepare();

// Left by instrumentation.ts's register(), which Next runs while it initialises
// (app.prepare() can return first): wait for it briefly so the first delivery
// already takes the direct path. Without it, every request still works through Next.
const dispatcher = () => globalThis[DISPATCHER_KEY];
for (const until = Date.now() + 15_000; typeof dispatcher() !== "function" && Date.now() < until; ) {
  await new Promise((resolve) => setTimeout(resolve, 25));
}
const dispatch = dispatcher();
if (typeof dispatch !== "function") {
  console.warn("server/web.mjs: no direct dispatcher was registered; provider webhooks go through Next's router");
}

const server = http.createServer((req, res) => {
  if (typeof dispatch === "function" && dispatch(req, res)) return;
  handle(req, res);
});
server.on("upgrade", app.getUpgradeHandler());

let closing = false;
function shutdown(signal) {
  if (closing) return;
  closing = true;
  // Finish requests in flight (a webhook answered 200 has committed), then let Next release its resources.
  server.close(() => {
    Promise.resolve(app.close?.())
      .catch(() => undefined)
      .finally(() => process.exit(0));
  });
  server.closeIdleConnections?.();
  setTimeout(() => process.exit(signal === "SIGINT" ? 130 : 143), 10_000).unref();
}
process.on("SIGTERM", () => shutdown("SIGTERM"));
process.on("SIGINT", () => shutdown("SIGINT"));

server.listen(port, hostname, () => {
  const address = server.address();
  const shown = typeof address === "object" && address ? `${hostname ?? "localhost"}:${address.port}` : String(address);
  console.log(`▲ Sotto ready on http://${shown}${typeof dispatch === "function" ? " (provider webhooks dispatched directly)" : ""}`);
});
