import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A customer's website for consent e2e tests: a tiny node:http server on its own
 * loopback origin (so every call to Sotto is cross-origin, as on a real site),
 * serving one page with consent.js and elements tagged for each category.
 * The tagged script marks `window.__analyticsRan`, sets the analytics vendor's
 * cookies and calls a third-party URL; tests route that host to observe it.
 */
export const TRACKER_URL = "https://tracker.third-party.test/collect";
export const PIXEL_URL = "https://ads.third-party.test/pixel.gif";

export function hostPage(appUrl: string, key: string, extra = ""): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Test shop</title><meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body>
<header><p>Test shop</p></header>
<main>
  <h1>Test shop</h1>
  <p>Handmade things, shipped across Europe.</p>
  <img data-category="advertising" data-src="${PIXEL_URL}" alt="" width="1" height="1">
</main>
<script type="text/plain" data-category="analytics">
  window.__analyticsRan = (window.__analyticsRan || 0) + 1;
  document.cookie = "_ea=GA1.1.42; path=/";
  document.cookie = "_ea_session=1; path=/";
  fetch("${TRACKER_URL}?e=pageview", { mode: "no-cors" });
</script>
<script src="${appUrl}/consent.js" data-sotto-key="${key}" ${extra} async></script>
</body>
</html>`;
}

export type THostServer = { origin: string; setPage(html: string): void; close(): Promise<void> };

export async function startHostServer(): Promise<THostServer> {
  let page = "<!doctype html><title>empty</title>";
  const server = http.createServer((req, res) => {
    if (req.url === "/" || req.url?.startsWith("/?")) {
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" });
      res.end(page);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    // "localhost", not 127.0.0.1: another site than Sotto (cookies ignore ports), like a real customer.
    origin: `http://localhost:${port}`,
    setPage: (html) => void (page = html),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
