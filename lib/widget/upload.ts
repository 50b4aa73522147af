import "server-only";
import { z } from "zod";
import { requestNow } from "@/lib/clock";
import { withTenant } from "@/lib/db/client";
import { env } from "@/lib/env";
import { jsonError } from "@/lib/http/errors";
import { ChannelDisconnectedError, ingestInbound } from "@/lib/inbox/ingest";
import { log } from "@/lib/log";
import { clientIpFromHeaders } from "@/lib/security/ip";
import { widgetUploadByIp, widgetUploadByVisitor } from "@/lib/security/limits";
import { ipRateKey, rateLimitResponse, type TLimit } from "@/lib/security/rate-limit";
import { discardWrittenFiles, writeAttachmentFile, type TWrittenFile } from "@/lib/storage/attachments";
import { declaredBody, uploadFailure } from "@/lib/storage/upload";
import { ZClientMessageId } from "./api";
import { publicMessage } from "./conversation";
import { authenticateVisitor, bearerToken, limitByIp, widgetJson, widgetNotFound, withCors } from "./http";
import type { TWidgetSendResult } from "./public-types";

/**
 * A file from a website visitor: `POST /api/widget/attachments?name=<file name>&clientMessageId=<id>`
 * with the raw file as the body (not multipart: the body streams through the
 * size check instead of being parsed into memory first) and the visitor token
 * in `Authorization`. The file is its own visitor message: it enters through
 * `ingestInbound` like a typed one (same contact, conversation, live event,
 * automation and delivery log), and its Attachment row is written in the same
 * transaction as the message.
 *
 * Order of checks, so that a refusal writes nothing: address budget, token,
 * channel and site (401/403/404), query (400), Content-Length (411 missing,
 * 413 over the limit, at once), the upload budgets (429), then the bytes:
 * over the limit (413), short or long of Content-Length (400), empty (400), a
 * refused or unrecognised type (415). Only then is the file written to storage,
 * and it is removed again when the message is not stored (a resend of a
 * message already stored, a disconnected channel, a database error).
 */
export const ZVisitorUploadQuery = z.object({
  name: z.string().min(1, "The file needs a name.").max(255, "The file name is too long."),
  clientMessageId: ZClientMessageId,
  /** Names the channel for CORS preflights of direct calls from a site; ignored here (the token names it). */
  key: z.string().max(64).optional(),
});

const MEDIA_TYPE: [RegExp, string][] = [
  [/^image\//, "image"],
  [/^audio\//, "audio"],
  [/^video\//, "video"],
];

/** The inbox's media kind of a sniffed type: its list preview reads "[image]", "[document]"… */
export const mediaTypeOf = (contentType: string) => MEDIA_TYPE.find(([re]) => re.test(contentType))?.[1] ?? "document";

export async function uploadVisitorFile(request: Request): Promise<Response> {
  const limited = await limitByIp(request);
  if (limited) return limited;
  const now = await requestNow();
  const auth = await authenticateVisitor(request, bearerToken(request), now);
  if (!auth.ok) return auth.response;
  const { claims, cors } = auth.ctx;

  const query = ZVisitorUploadQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) return jsonError(400, "invalid_query", query.error.issues[0]?.message ?? "Invalid upload.", z.flattenError(query.error), { headers: cors });
  const limit = env.ATTACHMENT_MAX_BYTES;
  const declared = declaredBody(request, limit, cors);
  if (!declared.ok) return declared.response;

  const budgets: [TLimit, string][] = [
    [widgetUploadByVisitor, `${claims.cid}:${claims.vid}`],
    [widgetUploadByIp, ipRateKey(clientIpFromHeaders(request.headers, env.TRUSTED_PROXY_HOPS))],
  ];
  for (const [budget, key] of budgets) {
    const r = await budget.consume(key);
    if (!r.ok) return withCors(rateLimitResponse(r.retryAfterSec), cors);
  }

  let file: TWrittenFile;
  try {
    file = await writeAttachmentFile({ tenantId: claims.tid, fileName: query.data.name, body: declared.body, maxBytes: limit });
  } catch (error) {
    const refused = uploadFailure(error, cors);
    if (refused) return refused;
    throw error;
  }

  const { clientMessageId } = query.data;
  let result: Awaited<ReturnType<typeof ingestInbound>>;
  try {
    result = await ingestInbound({
      tenantId: claims.tid,
      channelId: claims.cid,
      channelType: "widget",
      contact: { identities: [{ kind: "visitor", value: claims.vid }] },
      providerMessageId: null,
      clientMessageId,
      kind: "media",
      text: null,
      payload: { mediaType: mediaTypeOf(file.contentType) },
      receivedAt: now,
      // The same event key scheme as typed messages (one clientMessageId, one message). Ids only:
      // the file name is in the Attachment row, and a copy here would outlive its erasure.
      raw: { provider: "widget", eventKey: `${claims.vid}:${clientMessageId}`, payload: { clientMessageId, file: true } },
      attachments: [file],
    });
  } catch (error) {
    await discardWrittenFiles(claims.tid, [file]);
    if (error instanceof ChannelDisconnectedError) return widgetNotFound();
    throw error;
  }
  // A resend of a message already stored (its reply was lost): the first copy stands, this file goes.
  if (result.duplicate) await discardWrittenFiles(claims.tid, [file]);
  else log.info("widget visitor file received", { tenantId: claims.tid, attachmentId: result.attachmentIds?.[0], size: file.size, contentType: file.contentType });

  const message = result.messageId ? await withTenant(claims.tid, (tx) => publicMessage(tx, claims, result.messageId)) : null;
  const reply: TWidgetSendResult = { message, duplicate: result.duplicate };
  return widgetJson(reply, result.duplicate ? 200 : 201, cors);
}
