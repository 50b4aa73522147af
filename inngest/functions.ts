import { onMessageReceived } from "./functions/on-message-received";
import { onMessageStatus } from "./functions/on-message-status";
import { relayOutboxCron } from "./functions/relay-outbox";
import { sendMessage } from "./functions/send-message";
import { acknowledgeOptChangeFn } from "./functions/acknowledge-opt-change";
import { pollEmailCron } from "./functions/poll-email";
import { privacyFulfil } from "./functions/privacy-fulfil";
import { privacySendCode } from "./functions/privacy-send-code";
import { privacyVerificationExportFn } from "./functions/privacy-verification-export";
import { retentionPurgeCron } from "./functions/retention-purge";
import { propagateConsentWithdrawal } from "./functions/propagate-consent-withdrawal";
import { subprocessorAnnounceCron } from "./functions/subprocessor-announce";
import { assignPendingConversationsCron } from "./functions/assign-pending-conversations";
import { fetchInboundMedia } from "./functions/fetch-inbound-media";

/**
 * Every Inngest function, one per file under inngest/functions/. This list is
 * the registry that both the serve route (app/api/inngest/route.ts) and the
 * in-process development runner use: a function missing here never runs.
 */
export const functions = [onMessageReceived, onMessageStatus, relayOutboxCron, sendMessage, acknowledgeOptChangeFn, pollEmailCron, privacySendCode, privacyFulfil, privacyVerificationExportFn, retentionPurgeCron, propagateConsentWithdrawal, subprocessorAnnounceCron, fetchInboundMedia, assignPendingConversationsCron] as const;
