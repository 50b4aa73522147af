import "server-only";
import { pool } from "@/lib/db/client";
import { log } from "@/lib/log";
import { webhookFailureLogByChannel } from "@/lib/security/limits";

/** Outcomes shown to the tenant per channel (DeliveryLog.outcome). */
export type TDeliveryOutcome =
  | "accepted"
  | "duplicate"
  | "invalid_signature"
  | "malformed"
  | "too_large"
  | "unknown_channel"
  | "channel_disconnected"
  | "not_configured"
  | "rate_limited"
  | "ignored";

/**
 * Records a delivery that was not ingested (accepted and duplicate deliveries are
 * logged by the ingest functions in their own transaction). Failures can be
 * provoked by anyone who knows a channel's routing key, so they are capped per
 * channel; past the cap only the application log sees them.
 */
export async function logDeliveryFailure(
  route: { tenantId: string; channelId: string },
  outcome: TDeliveryOutcome,
  httpStatus: number,
  detail?: string | null,
  eventKey?: string | null,
): Promise<void> {
  try {
    const limited = await webhookFailureLogByChannel.consume(route.channelId);
    if (!limited.ok) return;
    await pool().query("SELECT sotto_log_delivery($1, $2, $3, $4, $5, $6)", [route.tenantId, route.channelId, outcome, httpStatus, detail ?? null, eventKey ?? null]);
  } catch (error) {
    // The response to the provider does not depend on the log line.
    log.warn("delivery log write failed", { error, channelId: route.channelId, outcome });
  }
}
