"use server";

import { authActionClient } from "@/lib/actions/client";
import { ZInvitationToken } from "@/lib/members/schemas";
import { acceptInvitation as accept } from "@/lib/members/invitations";

export const acceptInvitation = authActionClient
  .metadata({ name: "accept-invitation" })
  .inputSchema(ZInvitationToken)
  .action(async ({ parsedInput, ctx }) => accept(ctx.user, parsedInput.token, ctx.request));
