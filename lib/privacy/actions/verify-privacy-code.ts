"use server";

import { headers } from "next/headers";
import { actionClient } from "@/lib/actions/client";
import { countryFromRequest } from "@/lib/consent/country";
import { uaFamily } from "@/lib/consent/ua";
import { verifyPrivacyCode as verify } from "../portal";
import { ZVerifyPrivacyCode } from "../schemas";

export const verifyPrivacyCode = actionClient
  .metadata({ name: "verify-privacy-code" })
  .inputSchema(ZVerifyPrivacyCode)
  .action(async ({ parsedInput, ctx }) =>
    verify(parsedInput, {
      requestId: ctx.request.requestId,
      ipPrefix: ctx.request.ipPrefix,
      country: countryFromRequest(await headers()),
      uaFamily: uaFamily(ctx.request.userAgent),
    }),
  );
