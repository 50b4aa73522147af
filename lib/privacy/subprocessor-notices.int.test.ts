import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { closeTestConnections, createTenantFixture, ownerPool, type TTenantFixture } from "@/lib/testing/db";
import { SUBPROCESSORS, type TSubprocessor } from "@/lib/marketing/subprocessors";

/** A change of the sub-processor list: baseline first, then a notice per tenant, an email to owners, a banner until dismissed. */
type TMods = typeof import("./subprocessor-notices") & typeof import("@/lib/db/client");
let m: TMods;
let t: TTenantFixture;

beforeAll(async () => {
  vi.resetModules();
  m = { ...(await import("./subprocessor-notices")), ...(await import("@/lib/db/client")) };
  t = await createTenantFixture("Subprocessor notice");
});

afterAll(async () => {
  await m.db().$disconnect();
  await m.pool().end();
  await closeTestConnections();
});

const mails = async () => (await ownerPool().query(`SELECT subject, text FROM "DevEmail" WHERE "to" = $1`, [t.email])).rows as { subject: string; text: string }[];

describe("sub-processor notices", () => {
  it("records a silent baseline, then announces a change once by email and banner until dismissed", async () => {
    await m.announceSubprocessorChanges();
    expect(await m.pendingNotice(t.tenantId)).toBeNull();
    expect(await mails()).toHaveLength(0);

    const next: TSubprocessor[] = SUBPROCESSORS.filter((s) => s.id !== "stripe").map((s) => (s.id === "openai" ? { ...s, region: "European Union" } : s));
    expect(m.subprocessorListVersion(next)).not.toBe(m.subprocessorListVersion());

    await m.announceSubprocessorChanges({ list: next });
    await m.announceSubprocessorChanges({ list: next });
    const sent = await mails();
    expect(sent).toHaveLength(1);
    expect(sent[0]!.text).toContain("removed Stripe");
    expect(sent[0]!.text).toContain("updated the details of OpenAI");

    const notice = await m.pendingNotice(t.tenantId);
    expect(notice?.summary).toBe("Sotto removed Stripe; updated the details of OpenAI.");
    await m.dismissNotice(t.tenantId, { userId: t.userId, email: t.email }, notice!.id);
    expect(await m.pendingNotice(t.tenantId)).toBeNull();
    const { rows } = await ownerPool().query(`SELECT count(*)::int AS n FROM "AuditEvent" WHERE "tenantId" = $1 AND action = 'subprocessor.notice_dismissed'`, [t.tenantId]);
    expect(rows[0].n).toBe(1);
  });
});
