import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import pg from "pg";
import type { TRole } from "@/lib/auth/roles";
import { ownerDatabaseUrl } from "@/lib/testing/db";

/**
 * The owner connection used for fixtures may be a superuser (which bypasses RLS),
 * so its queries filter by tenant explicitly.
 *
 * Every dashboard action runs through the real action chain (authenticated →
 * tenant → role) against PostgreSQL as sotto_app. Only the framework's request
 * plumbing (session cookie, headers, cache revalidation) is stood in for.
 */
const session = vi.hoisted(() => ({ user: null as null | { id: string; email: string; name: string | null } }));
vi.mock("@/lib/auth/session", () => ({
  getSessionUser: async () => session.user,
  requireUser: async () => session.user,
}));
vi.mock("@/lib/http/request-context", () => ({
  requestContext: async () => ({ requestId: "test-request", ip: "203.0.113.9", ipPrefix: "203.0.113.0/24", userAgent: "vitest" }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const { inviteMember } = await import("./actions/invite-member");
const { changeMemberRole } = await import("./actions/change-member-role");
const { removeMember } = await import("./actions/remove-member");
const { revokeInvitation } = await import("./actions/revoke-invitation");
const { acceptInvitation } = await import("./actions/accept-invitation");
const { updateTenantSettings } = await import("@/lib/tenants/actions/update-tenant-settings");
const { hashToken } = await import("./invitations");

const owner = new pg.Pool({ connectionString: ownerDatabaseUrl(), max: 2 });
const tag = Math.random().toString(36).slice(2, 8);
type TFixture = { tenantId: string; otherTenantId: string; users: Record<TRole, { id: string; email: string }>; memberships: Record<TRole, string>; invitationId: string };
let f: TFixture;

async function asTenant<T>(tenantId: string, work: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  const c = await owner.connect();
  try {
    await c.query("BEGIN");
    await c.query("SELECT set_config('app.tenant_id', $1, true)", [tenantId]);
    const out = await work(c);
    await c.query("COMMIT");
    return out;
  } catch (e) {
    await c.query("ROLLBACK");
    throw e;
  } finally {
    c.release();
  }
}

async function snapshot() {
  return asTenant(f.tenantId, async (c) => {
    const m = await c.query(`SELECT id, role FROM "Membership" WHERE "tenantId" = current_setting('app.tenant_id') ORDER BY id`);
    const i = await c.query(`SELECT id, "revokedAt", "acceptedAt" FROM "Invitation" WHERE "tenantId" = current_setting('app.tenant_id') ORDER BY id`);
    const t = await c.query(`SELECT name, settings FROM "Tenant" WHERE id = current_setting('app.tenant_id')`);
    const a = await c.query(`SELECT count(*)::int AS n FROM "AuditEvent" WHERE "tenantId" = current_setting('app.tenant_id')`);
    return { m: m.rows, i: i.rows, t: t.rows, audit: a.rows[0].n };
  });
}

const signInAs = (role: TRole) => {
  session.user = { ...f.users[role], name: null };
};

beforeAll(async () => {
  const tenantId = `t_${tag}`;
  const otherTenantId = `o_${tag}`;
  const users = {} as TFixture["users"];
  const memberships = {} as TFixture["memberships"];
  for (const role of ["owner", "admin", "agent", "analyst"] as TRole[]) {
    users[role] = { id: `u_${role}_${tag}`, email: `${role}.${tag}@example.test` };
    await owner.query(`INSERT INTO "User"(id, email) VALUES ($1, $2)`, [users[role].id, users[role].email]);
  }
  await asTenant(tenantId, async (c) => {
    await c.query(`INSERT INTO "Tenant"(id, name, slug, "updatedAt") VALUES ($1, 'Role Co', $2, now())`, [tenantId, `role-co-${tag}`]);
    for (const role of Object.keys(users) as TRole[]) {
      const r = await c.query(`INSERT INTO "Membership"(id, "tenantId", "userId", role, "updatedAt") VALUES ($1, $2, $3, $4, now()) RETURNING id`, [`m_${role}_${tag}`, tenantId, users[role].id, role]);
      memberships[role] = r.rows[0].id;
    }
  });
  await asTenant(otherTenantId, (c) => c.query(`INSERT INTO "Tenant"(id, name, slug, "updatedAt") VALUES ($1, 'Other Co', $2, now())`, [otherTenantId, `other-co-${tag}`]));
  f = { tenantId, otherTenantId, users, memberships, invitationId: "" };
});

beforeEach(async () => {
  f.invitationId = `i_${Math.random().toString(36).slice(2, 10)}`;
  await asTenant(f.tenantId, (c) =>
    c.query(
      `INSERT INTO "Invitation"(id, "tenantId", email, role, "tokenHash", "expiresAt") VALUES ($1, $2, $3, 'agent', $4, now() + interval '1 day')`,
      [f.invitationId, f.tenantId, `pending.${f.invitationId}@example.test`, hashToken(f.invitationId.padEnd(40, "x"))],
    ),
  );
});

afterAll(async () => {
  await owner.end();
});

const adminActions = [
  ["invite a member", () => inviteMember(f.tenantId, { email: `new.${tag}@example.test`, role: "agent" })],
  ["change a role", () => changeMemberRole(f.tenantId, { membershipId: f.memberships.agent, role: "analyst" })],
  ["remove a member", () => removeMember(f.tenantId, { membershipId: f.memberships.analyst })],
  ["revoke an invitation", () => revokeInvitation(f.tenantId, { invitationId: f.invitationId })],
  ["change workspace settings", () => updateTenantSettings(f.tenantId, { name: "Renamed", locale: "it", timezone: "Europe/Rome", sessionIdleMinutes: "" })],
] as const;

describe("role enforcement", () => {
  for (const role of ["agent", "analyst"] as const) {
    for (const [what, run] of adminActions) {
      it(`${role} cannot ${what}, and nothing changes`, async () => {
        signInAs(role);
        const before = await snapshot();
        const result = await run();
        expect(result?.serverError).toMatch(/needs the admin role/);
        expect(await snapshot()).toEqual(before);
      });
    }
  }

  it("admin cannot invite an owner or an admin", async () => {
    signInAs("admin");
    for (const role of ["owner", "admin"] as const) {
      const before = await snapshot();
      const result = await inviteMember(f.tenantId, { email: `boss.${tag}@example.test`, role });
      expect(result?.serverError).toMatch(/cannot invite/);
      expect(await snapshot()).toEqual(before);
    }
  });

  it("admin cannot change or remove the owner, nor promote anyone to owner", async () => {
    signInAs("admin");
    const before = await snapshot();
    expect((await changeMemberRole(f.tenantId, { membershipId: f.memberships.owner, role: "agent" }))?.serverError).toMatch(/cannot change/);
    expect((await removeMember(f.tenantId, { membershipId: f.memberships.owner }))?.serverError).toMatch(/cannot change/);
    expect((await changeMemberRole(f.tenantId, { membershipId: f.memberships.agent, role: "owner" }))?.serverError).toMatch(/cannot change/);
    expect(await snapshot()).toEqual(before);
  });

  it("the last owner cannot be demoted", async () => {
    signInAs("owner");
    const before = await snapshot();
    const result = await changeMemberRole(f.tenantId, { membershipId: f.memberships.owner, role: "admin" });
    expect(result?.serverError).toMatch(/at least one owner/);
    expect(await snapshot()).toEqual(before);
  });

  it("a forged tenant id is refused as not found and changes nothing", async () => {
    signInAs("owner");
    const before = await snapshot();
    const result = await updateTenantSettings(f.otherTenantId, { name: "Hijacked", locale: "en", timezone: "UTC", sessionIdleMinutes: "" });
    expect(result?.serverError).toBe("Workspace not found.");
    const other = await asTenant(f.otherTenantId, (c) => c.query(`SELECT name FROM "Tenant" WHERE id = current_setting('app.tenant_id')`));
    expect(other.rows[0].name).toBe("Other Co");
    expect(await snapshot()).toEqual(before);
  });

  it("signed-out callers are refused", async () => {
    session.user = null;
    const result = await inviteMember(f.tenantId, { email: `x.${tag}@example.test`, role: "agent" });
    expect(result?.serverError).toMatch(/sign in/i);
  });

  it("invalid input is rejected with field errors before anything runs", async () => {
    signInAs("owner");
    const before = await snapshot();
    const result = await inviteMember(f.tenantId, { email: "not-an-email", role: "agent" });
    expect(result?.validationErrors?.email?._errors?.[0]).toMatch(/valid email/);
    const bad = await updateTenantSettings(f.tenantId, { name: "x", locale: "en", timezone: "Mars/Olympus", sessionIdleMinutes: 2 });
    expect(bad?.validationErrors).toBeDefined();
    expect(await snapshot()).toEqual(before);
  });

  it("admins do what their role allows, and each change is audited", async () => {
    signInAs("admin");
    const before = await snapshot();
    expect((await changeMemberRole(f.tenantId, { membershipId: f.memberships.analyst, role: "agent" }))?.data).toEqual({ ok: true });
    expect((await changeMemberRole(f.tenantId, { membershipId: f.memberships.analyst, role: "analyst" }))?.data).toEqual({ ok: true });
    expect((await revokeInvitation(f.tenantId, { invitationId: f.invitationId }))?.data).toEqual({ ok: true });
    const after = await snapshot();
    expect(after.audit).toBe(before.audit + 3);
    const actions = await asTenant(f.tenantId, (c) => c.query(`SELECT action, metadata FROM "AuditEvent" WHERE "tenantId" = current_setting('app.tenant_id') ORDER BY seq DESC LIMIT 3`));
    expect(actions.rows.map((r) => r.action)).toEqual(["member.invitation_revoked", "member.role_changed", "member.role_changed"]);
    expect(actions.rows[1].metadata).toMatchObject({ from: "agent", to: "analyst" });
  });

  it("an invitation can only be accepted by the invited address", async () => {
    const token = f.invitationId.padEnd(40, "x");
    signInAs("analyst");
    const result = await acceptInvitation({ token });
    expect(result?.serverError).toMatch(/This invitation is for/);
    const inv = await asTenant(f.tenantId, (c) => c.query(`SELECT "acceptedAt" FROM "Invitation" WHERE id = $1`, [f.invitationId]));
    expect(inv.rows[0].acceptedAt).toBeNull();
  });
});
