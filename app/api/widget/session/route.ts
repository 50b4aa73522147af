import { route } from "@/lib/http/errors";
import { createSession } from "@/lib/widget/api";
import { preflight } from "@/lib/widget/http";

export const dynamic = "force-dynamic";

/** A visitor token for the chat widget (no database write: the contact is created with the first message). */
export const POST = route(createSession, { origin: { skip: "widget-channel-origins" } });
export const OPTIONS = route(preflight);
