"use server";

import { actionClient } from "@/lib/actions/client";
import { verifyPrivacyCode as verify } from "../portal";
import { ZVerifyPrivacyCode } from "../schemas";

export const verifyPrivacyCode = actionClient
  .metadata({ name: "verify-privacy-code" })
  .inputSchema(ZVerifyPrivacyCode)
  .action(async ({ parsedInput, ctx }) => verify(parsedInput, { requestId: ctx.request.requestId, ipPrefix: ctx.request.ipPrefix }));
