import "server-only";
import { defineLimit } from "@/lib/security/rate-limit";

/**
 * Every named rate limit, in one place so budgets can be reviewed together.
 * Keys are hashed before storage; callers pass raw emails / `ipRateKey(ip)`.
 */

/** Sign-in attempts per client address: slows credential stuffing from one host. */
export const signInByIp = defineLimit("sign-in-ip", { points: 10, durationSec: 10 * 60 });

/**
 * Sign-in attempts per email: caps magic-link mail to one inbox. No block
 * period, so an attacker cannot lock a victim out for longer than the window.
 */
export const signInByEmail = defineLimit("sign-in-email", { points: 5, durationSec: 10 * 60 });

/** Unauthenticated public API calls (widget, CSP reports) per client address. */
export const publicApiByIp = defineLimit("public-api-ip", { points: 120, durationSec: 60 });

/** Chat widget messages per visitor id: a person types far slower; a script reusing one token stops here. */
export const widgetByVisitor = defineLimit("widget-visitor", { points: 30, durationSec: 60 });

/** Inbound provider webhooks per channel: bounds the cost a leaked webhook URL can cause. */
export const webhookByChannel = defineLimit("webhook-channel", { points: 6000, durationSec: 60 });

/** DeliveryLog lines for refused webhook deliveries per channel: anyone who knows a routing key can provoke them. */
export const webhookFailureLogByChannel = defineLimit("webhook-failure-log", { points: 60, durationSec: 60 });

/** Data-subject requests (access, erasure) per client address. */
export const dsrByIp = defineLimit("dsr-ip", { points: 10, durationSec: 60 * 60 });

/** Data-subject requests per identity (email or phone): each one sends a verification message. */
export const dsrByIdentity = defineLimit("dsr-identity", { points: 3, durationSec: 24 * 60 * 60 });

/** Attachment uploads per member (inbox composer): a person attaches a handful of files a minute; each may be 10 MB. */
export const attachmentUploadByUser = defineLimit("attachment-upload-user", { points: 30, durationSec: 60 });

/**
 * Files from chat widget visitors, per visitor id: a person attaches a few files a minute. Each
 * upload may be ATTACHMENT_MAX_BYTES and creates stored data, so this is far below widgetByVisitor.
 */
export const widgetUploadByVisitor = defineLimit("widget-upload-visitor", { points: 10, durationSec: 60 });

/**
 * Widget files per client address: visitor tokens cost nothing to mint (a session writes nothing),
 * so a script could rotate them; this caps the storage one address can fill (60 files in 10 minutes).
 */
export const widgetUploadByIp = defineLimit("widget-upload-ip", { points: 60, durationSec: 10 * 60 });
