import { renderFrame } from "@/lib/widget/frame-html";

export const dynamic = "force-dynamic";

/**
 * The chat UI's HTML shell, loaded by widget.js in an iframe on the customer's
 * site. A plain HTML route (not a React page) keeps the frame within its size
 * budget; it sets its own CSP (see proxy.ts), and answers errors itself so that
 * even they are never frameable.
 */
export const GET = renderFrame;
