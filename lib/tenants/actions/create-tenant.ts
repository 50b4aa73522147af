"use server";

import { authActionClient } from "@/lib/actions/client";
import { ZCreateTenant } from "@/lib/tenants/schemas";
import { createTenantWithOwner } from "@/lib/tenants/create-tenant";

export const createTenant = authActionClient
  .metadata({ name: "create-tenant" })
  .inputSchema(ZCreateTenant)
  .action(async ({ parsedInput, ctx }) => {
    const tenant = await createTenantWithOwner(ctx.user, parsedInput.name, ctx.request);
    return { slug: tenant.slug };
  });
