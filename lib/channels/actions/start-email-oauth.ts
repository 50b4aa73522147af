"use server";

import { cookies } from "next/headers";
import { tenantActionClient, ZTenantId } from "@/lib/actions/client";
import { isProduction } from "@/lib/env";
import { now } from "@/lib/clock";
import { startEmailOAuth as run } from "../email-oauth";
import { ZStartEmailOAuth } from "../schemas";

/** Starts a Gmail / Outlook sign-in: sets the PKCE verifier cookie and returns the provider's URL for the browser to open. */
export const startEmailOAuth = tenantActionClient
  .metadata({ name: "start-email-oauth", role: "admin" })
  .inputSchema(ZStartEmailOAuth)
  .bindArgsSchemas<[tenantId: typeof ZTenantId]>([ZTenantId])
  .action(async ({ parsedInput, ctx }) => {
    const { url, cookie } = run(ctx, parsedInput, now());
    (await cookies()).set(cookie.name, cookie.value, { httpOnly: true, secure: isProduction(), sameSite: "lax", path: cookie.path, maxAge: cookie.maxAge });
    return { url };
  });
