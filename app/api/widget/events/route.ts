import { route } from "@/lib/http/errors";
import { openEventStream } from "@/lib/widget/api";
import { preflight } from "@/lib/widget/http";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** The visitor's live updates (server-sent events; EventSource reconnects with Last-Event-ID). */
export const GET = route(openEventStream);
export const OPTIONS = route(preflight);
