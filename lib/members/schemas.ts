import { z } from "zod";
import { ZEmail } from "@/lib/auth/schemas";
import { ZRole } from "@/lib/auth/roles";

export const ZInviteMember = z.object({ email: ZEmail, role: ZRole });
export type TInviteMember = z.infer<typeof ZInviteMember>;

export const ZChangeMemberRole = z.object({ membershipId: z.string().min(1).max(64), role: ZRole });
export const ZMembershipRef = z.object({ membershipId: z.string().min(1).max(64) });
export const ZInvitationRef = z.object({ invitationId: z.string().min(1).max(64) });
export const ZInvitationToken = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{32,64}$/, "Invalid invitation link.") });

export const INVITATION_TTL_DAYS = 7;
