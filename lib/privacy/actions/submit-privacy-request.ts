"use server";

import { actionClient } from "@/lib/actions/client";
import { submitPrivacyRequest as submit } from "../portal";
import { ZSubmitPrivacyRequest } from "../schemas";

export const submitPrivacyRequest = actionClient
  .metadata({ name: "submit-privacy-request" })
  .inputSchema(ZSubmitPrivacyRequest)
  .action(async ({ parsedInput, ctx }) => submit(parsedInput, { ip: ctx.request.ip }));
