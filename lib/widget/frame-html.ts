import "server-only";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { requestNow } from "@/lib/clock";
import { log } from "@/lib/log";
import { CSP_REPORT_PATH } from "@/lib/security/headers";
import { publicSettings, widgetChannelByKey } from "./channel";
import { isOriginAllowed, normalizeOrigin } from "./origins";
import type { TFrameConfig } from "./public-types";

/**
 * The chat frame's HTML shell (GET /widget/frame?key=…&origin=…). The page is
 * framed by a customer's website, so it carries its own CSP (the proxy leaves
 * it to this route): frame-ancestors is the one allowed site the loader
 * named, and the browser refuses to render the frame inside anything else.
 * Everything else is as tight as the chat allows: its own script and style
 * files only, requests to Sotto only, no forms, no plugins.
 */

export const FRAME_SCRIPT = "/widget-frame.js";
export const FRAME_STYLE = "/widget-frame.css";

export function frameCsp(frameAncestors: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "connect-src 'self'",
    // blob: the visitor's own image, previewed from memory while it uploads.
    "img-src 'self' data: blob:",
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${frameAncestors}`,
    `report-uri ${CSP_REPORT_PATH}`,
  ].join("; ");
}

const versions = new Map<string, { mtimeMs: number; v: string }>();

/** A content hash for cache busting: a deploy that changes the bundle changes its URL. */
function assetUrl(publicPath: string): string {
  const file = path.join(process.cwd(), "public", publicPath);
  try {
    const { mtimeMs } = fs.statSync(file);
    let entry = versions.get(file);
    if (!entry || entry.mtimeMs !== mtimeMs) {
      entry = { mtimeMs, v: createHash("sha256").update(fs.readFileSync(file)).digest("hex").slice(0, 12) };
      versions.set(file, entry);
    }
    return `${publicPath}?v=${entry.v}`;
  } catch {
    return publicPath;
  }
}

/** JSON inside <script type="application/json">: nothing in it may close the element or break the parser. */
const jsonForScript = (value: unknown) =>
  JSON.stringify(value).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

export function frameHtml(config: TFrameConfig): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(config.settings.title)}</title>
<link rel="stylesheet" href="${assetUrl(FRAME_STYLE)}">
<script id="sotto-config" type="application/json">${jsonForScript(config)}</script>
<script src="${assetUrl(FRAME_SCRIPT)}" defer></script>
</head>
<body><div id="app"></div></body>
</html>`;
}

function page(status: number, body: string, frameAncestors: string): Response {
  return new Response(body, {
    status,
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Security-Policy": frameCsp(frameAncestors),
      "Cache-Control": "no-store",
      // The frame has nothing to say to other sites about where the visitor came from.
      "Referrer-Policy": "no-referrer",
    },
  });
}

const unavailable = (status: number) =>
  page(status, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Chat unavailable</title></head><body><p>This chat is not available here.</p></body></html>`, "'none'");

export async function renderFrame(request: Request): Promise<Response> {
  try {
    const url = new URL(request.url);
    const channel = await widgetChannelByKey(url.searchParams.get("key") ?? "");
    if (!channel?.active) return unavailable(404);
    const hostOrigin = normalizeOrigin(url.searchParams.get("origin"));
    if (!hostOrigin || !isOriginAllowed(hostOrigin, channel.settings.allowedOrigins)) return unavailable(403);
    const settings = publicSettings(channel.settings, await requestNow());
    return page(200, frameHtml({ key: url.searchParams.get("key")!, hostOrigin, settings }), hostOrigin);
  } catch (error) {
    log.error("widget frame failed", { error });
    return unavailable(500);
  }
}
