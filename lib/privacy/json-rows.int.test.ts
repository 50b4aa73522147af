import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { TTx } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { generateKeySpec } from "@/lib/crypto/key-ring";
import { asOwner, closeTestConnections, createTenantFixture, ownerPool, randomId, type TTenantFixture } from "@/lib/testing/db";
import type { TRow, TSubject } from "./registry";
import { subjectKeysOf } from "./stores/webhook-events";
import { createSubject, type TSubjectFixture } from "./testing/fixtures";

/**
 * Store exports are built by PostgreSQL as JSON text (`exportSql`,
 * lib/privacy/json-rows.ts) instead of Prisma rows serialised in Node. The
 * requester must get the same files as before: this file keeps the Prisma
 * queries the stores used until then as the reference, and checks that every
 * store's `<store>.json` and `<store>.csv` in the assembled zip are
 * byte-identical to what the reference rows give, on a subject whose data
 * holds the awkward values (formula-like and quoted text, non-BMP characters,
 * nested JSON with floats, timestamps with and without milliseconds,
 * soft-deleted rows, NULLs, bigints, timestamptz columns).
 */
type TMods = typeof import("./fulfil") & typeof import("./export-zip") & typeof import("./tx") & typeof import("./stores/all") & typeof import("./registry") & typeof import("./json-rows") &
  typeof import("@/lib/db/client") & typeof import("@/lib/crypto/key-ring");
let m: TMods;
let t: TTenantFixture;
let s: TSubjectFixture;
let userId: string;

// The reference: the stores' Prisma exporters as they were, with `id` as the
// tie-break the SQL versions add (rows with equal timestamps had no defined order).
const byCreated = [{ createdAt: "asc" as const }, { id: "asc" as const }];
const reference: Record<string, (tx: TTx, s: TSubject) => Promise<unknown[]>> = {
  "delivery-logs": (tx, subj) =>
    tx.$queryRaw(Prisma.sql`
      SELECT d.id, d."channelId", d.outcome, d."httpStatus", d.detail, d."eventKey", d."createdAt", d."deletedAt" FROM "DeliveryLog" d
      WHERE d."tenantId" = ${subj.tenantId} AND (d."channelId", d."eventKey") IN (
        SELECT e."channelId", e."eventKey" FROM "WebhookEvent" e
        WHERE e."tenantId" = ${subj.tenantId} AND e.id IN (SELECT sotto_privacy_webhook_event_ids(${subjectKeysOf(subj)}::text[])))
      ORDER BY d."createdAt", d.id`),
  "webhook-events": (tx, subj) =>
    tx.$queryRaw(Prisma.sql`
      SELECT id, "channelId", provider, "eventKey", payload, "receivedAt", "deletedAt" FROM "WebhookEvent"
      WHERE "tenantId" = ${subj.tenantId} AND id IN (SELECT sotto_privacy_webhook_event_ids(${subjectKeysOf(subj)}::text[]))
      ORDER BY "receivedAt", id`),
  attachments: (tx, subj) =>
    tx.attachment.findMany({
      where: { tenantId: subj.tenantId, message: { conversation: { contactId: { in: subj.contactIds } } } },
      select: { id: true, messageId: true, fileName: true, contentType: true, size: true, sha256: true, storageKey: true, createdAt: true },
      orderBy: byCreated,
    }),
  messages: (tx, subj) =>
    tx.message.findMany({
      where: { tenantId: subj.tenantId, conversation: { contactId: { in: subj.contactIds } } },
      select: {
        id: true, conversationId: true, direction: true, authorType: true, kind: true, text: true, html: true, payload: true,
        isPrivate: true, status: true, sentAt: true, deliveredAt: true, readAt: true, failedAt: true, createdAt: true, deletedAt: true,
      },
      orderBy: byCreated,
    }),
  conversations: (tx, subj) =>
    tx.conversation.findMany({
      where: { tenantId: subj.tenantId, contactId: { in: subj.contactIds } },
      select: {
        id: true, contactId: true, channelId: true, status: true, priority: true, subject: true,
        lastActivityAt: true, resolvedAt: true, createdAt: true, updatedAt: true, deletedAt: true,
        channel: { select: { type: true, name: true } },
      },
      orderBy: byCreated,
    }),
  "opt-ins": (tx, subj) =>
    tx.contactOptIn.findMany({
      where: { tenantId: subj.tenantId, contactId: { in: subj.contactIds } },
      select: { id: true, contactId: true, channelType: true, status: true, source: true, keyword: true, changedAt: true },
      orderBy: [{ changedAt: "asc" }, { id: "asc" }],
    }),
  "contact-identities": (tx, subj) =>
    tx.contactIdentity.findMany({
      where: { tenantId: subj.tenantId, contactId: { in: subj.contactIds } },
      select: { id: true, contactId: true, kind: true, value: true, channelId: true, createdAt: true },
      orderBy: byCreated,
    }),
  contacts: (tx, subj) =>
    tx.contact.findMany({
      where: { tenantId: subj.tenantId, id: { in: subj.contactIds } },
      select: {
        id: true, name: true, email: true, phone: true, locale: true, attributes: true, mergedIntoId: true,
        restricted: true, noProfiling: true, lastSeenAt: true, createdAt: true, updatedAt: true,
      },
      orderBy: byCreated,
    }),
  account: async (tx, subj) => {
    if (!subj.userId) return [];
    const uid = subj.userId;
    await tx.$executeRaw`SELECT set_config('app.user_id', ${uid}, true)`;
    const user = await tx.user.findUnique({ where: { id: uid }, select: { id: true, email: true, name: true, emailVerified: true, createdAt: true } });
    if (!user) return [];
    const sessions = await tx.session.count({ where: { userId: uid } });
    const memberships = await tx.$queryRaw`SELECT tenant_id, tenant_name, tenant_slug, role::text AS role FROM sotto_user_memberships(${uid})`;
    return [{ ...user, activeSessions: sessions, memberships }];
  },
  "consent-records": async (tx, subj) => {
    const requests = await tx.privacyRequest.findMany({
      where: {
        tenantId: subj.tenantId,
        type: "consent_withdrawal",
        OR: [...(subj.contactIds.length ? [{ contactIds: { hasSome: subj.contactIds } }] : []), ...(subj.userId ? [{ userId: subj.userId }] : [])],
      },
      select: { progress: true },
    });
    const consentIds = requests.flatMap((r) => {
      const consentId = (r.progress as { consent?: { consentId?: unknown } | null } | null)?.consent?.consentId;
      return typeof consentId === "string" ? [consentId] : [];
    });
    if (!subj.userId && !consentIds.length) return [];
    const rows = await tx.consentRecord.findMany({
      where: { tenantId: subj.tenantId, OR: [...(subj.userId ? [{ userId: subj.userId }] : []), ...(consentIds.length ? [{ consentId: { in: consentIds } }] : [])] },
      select: { id: true, seq: true, consentId: true, method: true, selections: true, withdrawn: true, gpc: true, policyVersion: true, origin: true, country: true, createdAt: true },
      orderBy: { seq: "asc" },
    });
    return rows.map((r) => ({ ...r, seq: r.seq.toString() }));
  },
  "privacy-requests": (tx, subj) =>
    tx.privacyRequest.findMany({
      where: { tenantId: subj.tenantId, contactIds: { hasSome: subj.contactIds.length ? subj.contactIds : ["-"] }, status: { not: "unverified" } },
      select: {
        id: true, type: true, status: true, identityKind: true, receivedAt: true, verifiedAt: true, dueAt: true, extendedAt: true,
        extensionReason: true, decidedAt: true, refusalReason: true, completedAt: true,
      },
      orderBy: [{ receivedAt: "asc" }, { id: "asc" }],
    }),
  "audit-references": async (tx, subj) => {
    const requests = await tx.privacyRequest.findMany({
      where: { tenantId: subj.tenantId, contactIds: { hasSome: subj.contactIds.length ? subj.contactIds : ["-"] } },
      select: { id: true },
    });
    const targets = [...subj.contactIds, ...requests.map((r) => r.id)];
    if (!targets.length) return [];
    const rows = await tx.auditEvent.findMany({
      where: { tenantId: subj.tenantId, targetId: { in: targets } },
      select: { id: true, seq: true, action: true, targetType: true, targetId: true, createdAt: true },
      orderBy: { seq: "asc" },
    });
    return rows.map((r) => ({ ...r, seq: r.seq.toString() }));
  },
};

/** The two files as the Prisma path wrote them. */
function referenceFiles(rows: unknown[]): { json: string; csv: string } {
  const json = m.exportJson(rows);
  return { json, csv: m.rowsToCsv(JSON.parse(json) as TRow[]) };
}

const AWKWARD = '=HYPERLINK("x"), "quoted"; comma,\nnew line\r\ttab \\ backslash é ☃ 𝄞 \u0001';
const PAYLOAD = JSON.stringify({
  z: 1, a: [1.5, 1e21, 0.1, 12345678901234567890, -0.000001, 100.0], nested: { k: null, t: true, f: false, s: "é\u001f\"", empty: {}, list: [] }, "": "empty key", "ключ": AWKWARD,
});

async function addAwkwardData(): Promise<string> {
  const [convA, convB] = s.conversationIds;
  const [m0, m1] = s.messageIds;
  const uid = randomId("u");
  await asOwner({ tenantId: t.tenantId, userId: uid }, async (c) => {
    // Messages: every nullable timestamp set, with and without milliseconds; one soft-deleted; awkward text and payload.
    await c.query(
      `UPDATE "Message" SET text = $2, html = $3, payload = $4::jsonb, "isPrivate" = true, status = 'failed', kind = 'email',
         "sentAt" = '2026-01-02 03:04:05.006', "deliveredAt" = '2026-01-02 03:04:05', "readAt" = '1999-12-31 23:59:59.999', "failedAt" = '2026-01-02 03:04:06.100',
         "deletedAt" = '2026-02-03 04:05:06.070' WHERE id = $1`,
      [m0, AWKWARD, `<p>${AWKWARD}</p>`, PAYLOAD],
    );
    await c.query(`UPDATE "Message" SET text = NULL, payload = '[1, "two", {"three": 3.0}]' WHERE id = $1`, [m1]);
    await c.query(`UPDATE "Contact" SET attributes = $2::jsonb, locale = 'it-IT', "lastSeenAt" = '2026-03-04 05:06:07.089', restricted = true WHERE id = $1`, [s.contactId, PAYLOAD]);
    await c.query(`UPDATE "Conversation" SET subject = $2, priority = 'high', status = 'resolved', "resolvedAt" = '2026-01-01 00:00:00', "deletedAt" = '2026-04-05 06:07:08.009' WHERE id = $1`, [convA, AWKWARD]);
    await c.query(`UPDATE "Conversation" SET "createdAt" = (SELECT "createdAt" FROM "Conversation" WHERE id = $2) WHERE id = $1`, [convB, convA]);
    await c.query(`UPDATE "Attachment" SET "fileName" = $2 WHERE id = $1`, [s.attachmentIds[0], `ricevuta, "2".pdf`]);
    await c.query(`UPDATE "ContactOptIn" SET keyword = 'STOP', source = $2 WHERE "contactId" = $1`, [s.contactId, AWKWARD]);
    await c.query(`UPDATE "DeliveryLog" SET detail = $2, "deletedAt" = '2026-01-01 01:01:01.001' WHERE id = $1`, [s.deliveryLogIds[0], AWKWARD]);
    await c.query(`UPDATE "WebhookEvent" SET "deletedAt" = '2026-01-01 01:01:01' WHERE id = $1`, [s.webhookEventIds[0]]);
    // Requests: a completed one with every field, an unverified one (not exported), a withdrawal whose consent id links consent records.
    const request = (id: string, status: string, type: string, extra: string, progress: object) =>
      c.query(
        `INSERT INTO "PrivacyRequest" (id, "tenantId", type, status, "handleHash", "identityKind", "identityValue", "contactIds", "dueAt", "updatedAt", progress ${extra ? `, ${extra}` : ""})
         VALUES ($1, $2, $3::"PrivacyRequestType", $4::"PrivacyRequestStatus", $1, 'email', $5, ARRAY[$6], '2026-05-06 07:08:09.010', now(), $7::jsonb
           ${extra ? ", '2026-01-01 10:00:00.5', $8, '2026-01-02 11:00:00', $8, '2026-01-03 12:00:00.123', '2026-01-04 00:00:00'" : ""})`,
        [id, t.tenantId, type, status, s.email, s.contactId, JSON.stringify(progress), ...(extra ? [AWKWARD] : [])],
      );
    await request(randomId("pr"), "completed", "erasure", `"verifiedAt", "extensionReason", "extendedAt", "refusalReason", "decidedAt", "completedAt"`, {});
    await request(randomId("pr"), "unverified", "access", "", {});
    const withdrawal = randomId("pr");
    await request(withdrawal, "completed", "consent_withdrawal", "", { consent: { consentId: "cid-withdrawn", recordId: "r", withdrawn: [] } });
    await request(randomId("pr"), "completed", "consent_withdrawal", "", { consent: { consentId: 42 } });
    await c.query(`INSERT INTO "AuditEvent" (id, "tenantId", action, "targetType", "targetId", "prevHash", hash) VALUES ($1, $2, 'contact.updated', 'Contact', $3, '', '')`, [randomId("ae"), t.tenantId, s.contactId]);
    await c.query(`INSERT INTO "AuditEvent" (id, "tenantId", action, "targetType", "targetId", "prevHash", hash) VALUES ($1, $2, $4, 'PrivacyRequest', $3, '', '')`, [randomId("ae"), t.tenantId, withdrawal, AWKWARD]);
    // The account: a user with sessions and two memberships, consent records by user and by withdrawn consent id.
    await c.query(`INSERT INTO "User" (id, email, name, "emailVerified", "createdAt") VALUES ($1, $2, $3, '2026-01-01 00:00:00.001', '2025-12-31 23:59:59')`, [uid, `${uid}@example.com`, AWKWARD]);
    await c.query(`INSERT INTO "Session" (id, "sessionToken", "userId", expires) VALUES ($1, $2, $3, now() + interval '1 day'), ($4, $5, $3, now() + interval '2 days')`, [randomId("s"), randomId("tok"), uid, randomId("s"), randomId("tok")]);
    await c.query(`INSERT INTO "Membership" (id, "tenantId", "userId", role, "updatedAt") VALUES ($1, $2, $3, 'agent', now())`, [randomId("m"), t.tenantId, uid]);
    const consent = (seq: string, consentId: string, userCol: string | null, createdAt: string) =>
      c.query(
        `INSERT INTO "ConsentRecord" (id, "tenantId", seq, "consentId", "policyVersion", fingerprint, method, selections, withdrawn, gpc, locale, origin, country, "uaFamily", "userId", "createdAt", "prevHash", hash)
         VALUES ($1, $2, $3, $4, 3, 'fp', 'customize', $5::jsonb, ARRAY['analytics', 'advertising'], true, 'it', 'https://shop.example', 'IT', 'Firefox', $6, $7::timestamptz, '', '')`,
        [randomId("cr"), t.tenantId, seq, consentId, PAYLOAD, userCol, createdAt],
      );
    await consent("9007199254740993", "cid-user", uid, "2026-01-01 12:00:00.5+02");
    await consent("2", "cid-withdrawn", null, "2026-01-01 00:00:00+00");
    await consent("3", "cid-other", null, "2026-01-01 00:00:00+00");
  });
  return uid;
}

beforeAll(async () => {
  vi.stubEnv("SOTTO_ENCRYPTION_KEYS", generateKeySpec("k1"));
  vi.resetModules();
  m = {
    ...(await import("./fulfil")),
    ...(await import("./export-zip")),
    ...(await import("./tx")),
    ...(await import("./stores/all")),
    ...(await import("./registry")),
    ...(await import("./json-rows")),
    ...(await import("@/lib/db/client")),
    ...(await import("@/lib/crypto/key-ring")),
  };
  t = await createTenantFixture("JSON rows shop");
  s = await createSubject(t.tenantId, { messagesPerConversation: 4 });
  userId = await addAwkwardData();
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await m.db().$disconnect();
  await m.pool().end();
  await closeTestConnections();
});

async function accessRequest(): Promise<string> {
  const id = randomId("pr");
  await ownerPool().query(
    `INSERT INTO "PrivacyRequest" (id, "tenantId", type, status, "handleHash", "identityKind", "identityValue", "contactIds", "userId", "verifiedAt", "dueAt", "decidedAt", "updatedAt")
     VALUES ($1, $2, 'access', 'processing', $1, 'email', $3, ARRAY[$4, $6], $5, now(), now() + interval '30 days', now(), now())`,
    [id, t.tenantId, s.email, s.contactId, userId, s.mergedContactId],
  );
  return id;
}

describe("store exports built by PostgreSQL", () => {
  it("give every store's JSON and CSV files byte for byte as the Prisma rows did", async () => {
    const requestId = await accessRequest();
    const plan = await m.prepareFulfilment(t.tenantId, requestId);
    for (const store of plan.stores) await m.exportStore(t.tenantId, requestId, plan.exportId!, store, { trackProgress: true });
    const assembled = await m.assembleExport(t.tenantId, requestId, plan.exportId!);
    const { rows } = await ownerPool().query(`SELECT ciphertext FROM "PrivacyExport" WHERE id = $1`, [plan.exportId]);
    const zip = await JSZip.loadAsync(Buffer.from(m.decrypt(rows[0].ciphertext, m.exportAad(plan.exportId!)), "base64"));

    const subject = (await ownerPool().query(`SELECT progress->'subject' AS s FROM "PrivacyRequest" WHERE id = $1`, [requestId])).rows[0].s as TSubject;
    expect(subject.userId).toBe(userId);
    const expected = await m.withTenantIncludingDeleted(t.tenantId, async (tx) => {
      const out: Record<string, unknown[]> = {};
      for (const store of m.DATA_STORES) out[store.name] = await reference[store.name]!(tx, subject);
      return out;
    });
    for (const store of m.DATA_STORES) {
      const want = referenceFiles(expected[store.name]!);
      expect(await zip.file(`${store.name}.json`)!.async("string"), store.name).toBe(want.json);
      expect(await zip.file(`${store.name}.csv`)!.async("string"), store.name).toBe(want.csv);
      expect(assembled.rowCounts[store.name], store.name).toBe(expected[store.name]!.length);
    }
    // The comparison covers real rows in every store (nothing vacuous), soft-deleted ones included.
    expect(assembled.rowCounts).toEqual({
      "delivery-logs": 4, "webhook-events": 4, attachments: 3, messages: 12, conversations: 3, "opt-ins": 1, "contact-identities": 3, contacts: 2,
      account: 1, "consent-records": 2, "privacy-requests": 4, "audit-references": 2,
    });
  });

  it("answer the same through Prisma (erasers reuse the statements) as through the raw pool, and only for the tenant in context", async () => {
    const subject: TSubject = { tenantId: t.tenantId, contactIds: [s.contactId, s.mergedContactId], identities: [{ kind: "email", value: s.email }, { kind: "wa_id", value: s.phone.slice(1) }], userId };
    for (const store of m.DATA_STORES) {
      const viaPrisma = await m.withTenantIncludingDeleted(t.tenantId, (tx) => m.exportTexts(store, m.txQuery(tx), subject));
      const viaPool = await m.withRawTenantIncludingDeleted(t.tenantId, (c) => m.exportTexts(store, m.pgQuery(c), subject));
      expect(viaPool, store.name).toEqual(viaPrisma);
      // Another tenant's context sees none of it (RLS, not only the tenant filter). The account is
      // the exception by design: its rows are the user's own (read under the user's context).
      if (store.name === "account") continue;
      const other = await m.withRawTenantIncludingDeleted(randomId("t"), (c) => m.exportTexts(store, m.pgQuery(c), subject));
      expect(other, store.name).toEqual([]);
    }
  });
});
