import { route } from "@/lib/http/errors";
import { getHistory, sendMessage } from "@/lib/widget/api";
import { preflight } from "@/lib/widget/http";

export const dynamic = "force-dynamic";

/** The visitor's conversation history. */
export const GET = route(getHistory);
/** A visitor message; resends with the same clientMessageId are stored once. */
export const POST = route(sendMessage, { origin: { skip: "widget-channel-origins" } });
export const OPTIONS = route(preflight);
