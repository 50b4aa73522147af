import "server-only";
import { Prisma } from "@/lib/db/generated/client";
import { withTenant } from "@/lib/db/client";
import { ActionError } from "@/lib/actions/errors";
import { auditInbox, type TAuditCtx } from "./audit";
import type { TInboxActor } from "./conversations";
import { fillTemplate, firstName, type TCannedVariable } from "./canned-template";

/** Canned responses: every agent uses them (`/shortcut` in the composer); admins manage them (audited). */
export type TCannedResponseDto = { id: string; shortcut: string; title: string; body: string; updatedAt: string };

export async function listCannedResponses(tenantId: string): Promise<TCannedResponseDto[]> {
  return withTenant(tenantId, async (tx) => {
    const rows = await tx.cannedResponse.findMany({ orderBy: { shortcut: "asc" }, select: { id: true, shortcut: true, title: true, body: true, updatedAt: true } });
    return rows.map((r) => ({ ...r, updatedAt: r.updatedAt.toISOString() }));
  });
}

const taken = (shortcut: string) => new ActionError("conflict", `The shortcut /${shortcut} is already used.`);

export async function createCannedResponse(actor: TInboxActor, input: { shortcut: string; title: string; body: string }, ctx: TAuditCtx) {
  try {
    return await withTenant(actor.tenant.id, async (tx) => {
      const r = await tx.cannedResponse.create({ data: { tenantId: actor.tenant.id, ...input }, select: { id: true } });
      await auditInbox(tx, actor, ctx, "inbox.canned_response_created", { type: "canned_response", id: r.id }, { shortcut: input.shortcut });
      return r;
    });
  } catch (e) {
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") throw taken(input.shortcut);
    throw e;
  }
}

export async function updateCannedResponse(actor: TInboxActor, input: { cannedResponseId: string; shortcut: string; title: string; body: string }, ctx: TAuditCtx) {
  try {
    await withTenant(actor.tenant.id, async (tx) => {
      const { count } = await tx.cannedResponse.updateMany({
        where: { id: input.cannedResponseId },
        data: { shortcut: input.shortcut, title: input.title, body: input.body },
      });
      if (count === 0) throw new ActionError("not_found", "That canned response no longer exists.");
      await auditInbox(tx, actor, ctx, "inbox.canned_response_updated", { type: "canned_response", id: input.cannedResponseId }, { shortcut: input.shortcut });
    });
  } catch (e) {
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") throw taken(input.shortcut);
    throw e;
  }
}

export async function deleteCannedResponse(actor: TInboxActor, input: { cannedResponseId: string }, ctx: TAuditCtx) {
  await withTenant(actor.tenant.id, async (tx) => {
    const r = await tx.cannedResponse.findFirst({ where: { id: input.cannedResponseId }, select: { id: true, shortcut: true } });
    if (!r) throw new ActionError("not_found", "That canned response no longer exists.");
    await tx.cannedResponse.delete({ where: { id: r.id } });
    await auditInbox(tx, actor, ctx, "inbox.canned_response_deleted", { type: "canned_response", id: r.id }, { shortcut: r.shortcut });
  });
}

/**
 * A canned response filled for one conversation, on the server: the values come
 * from the stored contact and the signed-in agent, never from the browser.
 */
export async function renderCannedResponse(actor: TInboxActor, input: { conversationId: string; cannedResponseId: string }) {
  return withTenant(actor.tenant.id, async (tx) => {
    const [response, conversation] = await Promise.all([
      tx.cannedResponse.findFirst({ where: { id: input.cannedResponseId }, select: { body: true } }),
      tx.conversation.findFirst({ where: { id: input.conversationId }, select: { id: true, contact: { select: { name: true, email: true, phone: true } } } }),
    ]);
    if (!response) throw new ActionError("not_found", "That canned response no longer exists.");
    if (!conversation) throw new ActionError("not_found", "That conversation no longer exists.");
    const agentName = actor.user.name?.trim() || null;
    const values: Record<TCannedVariable, string | null> = {
      "contact.name": conversation.contact.name,
      "contact.first_name": firstName(conversation.contact.name),
      "contact.email": conversation.contact.email,
      "contact.phone": conversation.contact.phone,
      "agent.name": agentName,
      "agent.first_name": firstName(agentName),
      "conversation.id": conversation.id,
    };
    return fillTemplate(response.body, values);
  });
}
