import { serve } from "inngest/next";
import { inngest, inngestMode } from "@/inngest/client";
import { functions } from "@/inngest/functions";
import { jsonError } from "@/lib/http/errors";

/**
 * The endpoint an Inngest server calls to run functions (requests signed with
 * INNGEST_SIGNING_KEY, checked by the SDK). Without a configured server the
 * functions run in-process (inngest/dev-runner.ts) and this endpoint answers
 * 404: in dev mode the SDK would otherwise accept unsigned calls from anyone.
 */
const handlers = serve({ client: inngest, functions: [...functions] });
type THandler = (typeof handlers)["GET"];

const guarded =
  (handler: THandler): THandler =>
  async (...args) =>
    inngestMode() === "server" ? handler(...args) : jsonError(404, "inngest_not_configured");

export const GET = guarded(handlers.GET);
export const POST = guarded(handlers.POST);
export const PUT = guarded(handlers.PUT);
