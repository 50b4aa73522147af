import { route } from "@/lib/http/errors";
import { preflight } from "@/lib/widget/http";
import { uploadVisitorFile } from "@/lib/widget/upload";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** A visitor's file, sent as its own message (lib/widget/upload.ts): raw body, `?name=&clientMessageId=`, the visitor token. */
export const POST = route(uploadVisitorFile, { origin: { skip: "widget-channel-origins" } });
export const OPTIONS = route(preflight);
