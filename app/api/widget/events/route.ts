import { route } from "@/lib/http/errors";
import { openEventStream } from "@/lib/widget/api";
import { preflight } from "@/lib/widget/http";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** The visitor's live updates (server-sent events; clients reconnect with Last-Event-ID to replay what they missed). */
export const GET = route(openEventStream);
export const OPTIONS = route(preflight);
