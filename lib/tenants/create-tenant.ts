import "server-only";
import { randomBytes } from "node:crypto";
import { db, withTenantUser } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/record";
import type { TRequestContext } from "@/lib/http/request-context";
import type { TSessionUser } from "@/lib/auth/session";
import { slugify } from "./schemas";

async function slugTaken(slug: string): Promise<boolean> {
  const rows = await db().$queryRaw<{ id: string }[]>`SELECT id FROM sotto_tenant_by_slug(${slug})`;
  return rows.length > 0;
}

async function uniqueSlug(name: string): Promise<string> {
  const base = slugify(name);
  if (!(await slugTaken(base))) return base;
  for (let i = 0; i < 5; i++) {
    const candidate = `${base}-${randomBytes(3).toString("hex")}`;
    if (!(await slugTaken(candidate))) return candidate;
  }
  throw new Error("Could not find a free workspace address");
}

/** Sign-up's second half: a new workspace with its creator as owner, audited. */
export async function createTenantWithOwner(user: TSessionUser, name: string, ctx: Pick<TRequestContext, "requestId" | "ipPrefix">) {
  const id = crypto.randomUUID();
  const slug = await uniqueSlug(name);
  return withTenantUser(id, user.id, async (tx) => {
    const tenant = await tx.tenant.create({ data: { id, name, slug } });
    await tx.membership.create({ data: { tenantId: id, userId: user.id, role: "owner" } });
    await recordAudit(tx, {
      tenantId: id,
      action: "tenant.created",
      actor: { userId: user.id, email: user.email },
      target: { type: "tenant", id },
      metadata: { name, slug },
      context: ctx,
    });
    return tenant;
  });
}
