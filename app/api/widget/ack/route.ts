import { route } from "@/lib/http/errors";
import { acknowledgeMessages } from "@/lib/widget/api";
import { preflight } from "@/lib/widget/http";

export const dynamic = "force-dynamic";

/** Delivered/read receipts for agent messages, from the visitor's browser. */
export const POST = route(acknowledgeMessages, { origin: { skip: "widget-channel-origins" } });
export const OPTIONS = route(preflight);
