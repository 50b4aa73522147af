"use server";

import { actionClient } from "@/lib/actions/client";
import { ActionError } from "@/lib/actions/errors";
import { signIn } from "@/lib/auth/config";
import { ZRequestSignIn } from "@/lib/auth/schemas";
import { signInByEmail, signInByIp } from "@/lib/security/limits";
import { ipRateKey } from "@/lib/security/rate-limit";

export const requestSignIn = actionClient
  .metadata({ name: "request-sign-in" })
  .inputSchema(ZRequestSignIn)
  .action(async ({ parsedInput, ctx }) => {
    const byIp = await signInByIp.consume(ipRateKey(ctx.request.ip));
    const byEmail = await signInByEmail.consume(parsedInput.email);
    if (!byIp.ok || !byEmail.ok) {
      const wait = Math.max(byIp.ok ? 0 : byIp.retryAfterSec, byEmail.ok ? 0 : byEmail.retryAfterSec);
      throw new ActionError("rate_limited", `Too many sign-in requests. Try again in ${Math.ceil(wait / 60)} minute(s).`);
    }
    await signIn("resend", { email: parsedInput.email, redirectTo: parsedInput.callbackUrl ?? "/app", redirect: false });
    return { sent: true as const, email: parsedInput.email };
  });
