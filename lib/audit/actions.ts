import { z } from "zod";

/**
 * Every auditable action, with the label shown to admins. Adding an action means
 * adding one line here: the zod enum, the type and the filter select follow.
 * Names are stored verbatim in AuditEvent.action and hashed into the chain, so an
 * existing name must never be renamed (add a new one instead).
 */
export const AUDIT_ACTION_LABELS = {
  "auth.sign_in": "Signed in",
  "auth.sign_in_failed": "Sign-in failed",
  "auth.sign_out": "Signed out",
  "auth.session_expired": "Session expired",
  "tenant.created": "Workspace created",
  "tenant.settings_updated": "Workspace settings updated",
  "member.invited": "Member invited",
  "member.invitation_revoked": "Invitation revoked",
  "member.joined": "Member joined",
  "member.role_changed": "Member role changed",
  "member.removed": "Member removed",
  "secret.created": "Secret created",
  "secret.rotated": "Secret rotated",
  "audit.verified": "Audit log verified",
  "data.exported": "Data exported",
  "channel.connected": "Channel connected",
  "channel.updated": "Channel updated",
  "channel.disconnected": "Channel disconnected",
  "inbox.label_created": "Label created",
  "inbox.label_deleted": "Label deleted",
  "inbox.canned_response_created": "Canned response created",
  "inbox.canned_response_updated": "Canned response updated",
  "inbox.canned_response_deleted": "Canned response deleted",
  "inbox.team_created": "Team created",
  "inbox.team_updated": "Team updated",
  "inbox.team_deleted": "Team deleted",
  "inbox.routing_updated": "Inbox assignment settings updated",
  "contact.merged": "Contacts merged",
  "contact.updated": "Contact updated",
  "privacy.request_verified": "Privacy request received (identity verified)",
  "privacy.request_approved": "Privacy request approved",
  "privacy.request_refused": "Privacy request refused",
  "privacy.request_extended": "Privacy request deadline extended",
  "privacy.request_completed": "Privacy request completed",
  "privacy.export_downloaded": "Privacy export downloaded",
  "privacy.verification_export": "Post-erasure verification export",
  "retention.settings_updated": "Retention settings updated",
  "retention.purged": "Retention purge ran",
  "legal_hold.placed": "Legal hold placed",
  "legal_hold.released": "Legal hold released",
  "subprocessor.notice_dismissed": "Sub-processor notice dismissed",
  "consent.config_created": "Consent manager set up",
  "consent.policy_published": "Consent policy published",
  "consent.origins_updated": "Consent websites updated",
  "consent.webhook_updated": "Consent withdrawal webhook set",
  "consent.webhook_removed": "Consent withdrawal webhook removed",
} as const satisfies Record<string, string>;

export type TAuditAction = keyof typeof AUDIT_ACTION_LABELS;

export const AUDIT_ACTIONS = Object.keys(AUDIT_ACTION_LABELS) as [TAuditAction, ...TAuditAction[]];

export const ZAuditAction = z.enum(AUDIT_ACTIONS);

/** Label for a stored action; rows written by a newer release may carry an action this build doesn't know. */
export function auditActionLabel(action: string): string {
  return (AUDIT_ACTION_LABELS as Record<string, string>)[action] ?? action;
}
