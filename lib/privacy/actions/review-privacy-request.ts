"use server";

import { revalidatePath } from "next/cache";
import { tenantActionClient, ZTenantId } from "@/lib/actions/client";
import { approveRequest, extendRequest, refuseRequest, startVerificationExport } from "../admin";
import { ZApproveRequest, ZExtendRequest, ZRefuseRequest, ZRequestId } from "../schemas";
import { z } from "zod";

const actorOf = (ctx: { user: { id: string; email: string }; request: { requestId: string; ipPrefix: string | null } }) => ({
  userId: ctx.user.id,
  email: ctx.user.email,
  requestId: ctx.request.requestId,
  ipPrefix: ctx.request.ipPrefix,
});

const refresh = (slug: string, id: string) => {
  revalidatePath(`/t/${slug}/privacy/requests`);
  revalidatePath(`/t/${slug}/privacy/requests/${id}`);
};

export const approvePrivacyRequest = tenantActionClient
  .metadata({ name: "approve-privacy-request", role: "admin" })
  .bindArgsSchemas([ZTenantId])
  .inputSchema(ZApproveRequest)
  .action(async ({ parsedInput, ctx }) => {
    const r = await approveRequest(ctx.tenant.id, parsedInput.requestId, actorOf(ctx), parsedInput.note);
    refresh(ctx.tenant.slug, parsedInput.requestId);
    return r;
  });

export const refusePrivacyRequest = tenantActionClient
  .metadata({ name: "refuse-privacy-request", role: "admin" })
  .bindArgsSchemas([ZTenantId])
  .inputSchema(ZRefuseRequest)
  .action(async ({ parsedInput, ctx }) => {
    await refuseRequest(ctx.tenant.id, parsedInput.requestId, actorOf(ctx), parsedInput.reason);
    refresh(ctx.tenant.slug, parsedInput.requestId);
    return { refused: true as const };
  });

export const extendPrivacyRequest = tenantActionClient
  .metadata({ name: "extend-privacy-request", role: "admin" })
  .bindArgsSchemas([ZTenantId])
  .inputSchema(ZExtendRequest)
  .action(async ({ parsedInput, ctx }) => {
    const r = await extendRequest(ctx.tenant.id, parsedInput.requestId, actorOf(ctx), parsedInput.months, parsedInput.reason);
    refresh(ctx.tenant.slug, parsedInput.requestId);
    return { dueAt: r.dueAt.toISOString() };
  });

export const startPrivacyVerificationExport = tenantActionClient
  .metadata({ name: "start-privacy-verification-export", role: "admin" })
  .bindArgsSchemas([ZTenantId])
  .inputSchema(z.object({ requestId: ZRequestId }))
  .action(async ({ parsedInput, ctx }) => {
    const r = await startVerificationExport(ctx.tenant.id, parsedInput.requestId, actorOf(ctx));
    refresh(ctx.tenant.slug, parsedInput.requestId);
    return r;
  });
