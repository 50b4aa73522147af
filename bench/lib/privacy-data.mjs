// Data set of the privacy benchmark (bench/privacy.mjs), generated set-based as
// the database owner. Times are relative to the database clock (UTC), so a
// template built once stays valid for later runs (expired stays expired).
//
// Per scale s (1 = the issue's sizes):
//   100 tenants, one WhatsApp channel each, 10,000,000·s messages in all;
//   per tenant 10,000·s expired messages (26–34 months old, 10 per conversation,
//   one contact per conversation) and the rest recent (0–20 months old, 50 per
//   conversation); one attachment per 50 messages;
//   tenant 0 holds the data subject: one contact with 10,000·s recent messages in
//   10 conversations, with identities (wa_id, phone, email), and raw webhook
//   events + delivery log lines for every inbound message of tenant 0 younger
//   than 18 months (what ingestion stores), so the subject's are found among them.

export const TENANTS = 100;
export const SUBJECT = { contactId: "bsubject", waId: "393331234567", phone: "+393331234567", email: "subject@example.test", conversations: 10 };

export function plan(scale) {
  const total = Math.round(10_000_000 * scale);
  const expired = Math.round(1_000_000 * scale);
  const subject = Math.max(10, Math.round(10_000 * scale));
  const perTenant = Math.floor(total / TENANTS);
  const expiredPerTenant = Math.floor(expired / TENANTS / 10) * 10;
  return { scale, total: perTenant * TENANTS, expired: expiredPerTenant * TENANTS, subject, perTenant, expiredPerTenant };
}

export const tenantId = (t) => `bt${String(t).padStart(3, "0")}`;
export const channelId = (t) => `bch${String(t).padStart(3, "0")}`;

const NOW = `(now() AT TIME ZONE 'UTC')`;

/** Tables whose secondary indexes are dropped during the load and rebuilt after it. */
const BULK_TABLES = ["Message", "Attachment", "Conversation", "Contact", "ContactIdentity", "WebhookEvent", "DeliveryLog"];

/**
 * Loads the data set into a migrated database. `q(sql)` runs one statement as
 * the owner (a superuser: RLS does not apply, and session_replication_role =
 * replica skips foreign-key and user triggers, consistent by construction).
 */
export async function generate(q, p, say) {
  const t0 = Date.now();
  const step = (msg) => say(`  ${msg} (${Math.round((Date.now() - t0) / 1000)} s)`);
  await q(`SET session_replication_role = replica`);
  await q(`SET maintenance_work_mem = '512MB'`);
  const { rows: idx } = await q(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def FROM pg_index i
     WHERE i.indrelid = ANY (ARRAY[${BULK_TABLES.map((t) => `'"${t}"'::regclass`).join(",")}]) AND NOT i.indisprimary`,
  );
  for (const i of idx) await q(`DROP INDEX ${i.name}`);
  step(`dropped ${idx.length} secondary indexes`);

  await q(`INSERT INTO "Tenant" (id, name, slug, "updatedAt")
           SELECT 'bt' || lpad(t::text, 3, '0'), 'Bench ' || t, 'bench-' || t, ${NOW} FROM generate_series(0, ${TENANTS - 1}) t`);
  await q(`INSERT INTO "Channel" (id, "tenantId", type, name, "externalId", "updatedAt")
           SELECT 'bch' || lpad(t::text, 3, '0'), 'bt' || lpad(t::text, 3, '0'), 'whatsapp', 'WhatsApp', '1065403' || lpad(t::text, 5, '0'), ${NOW} FROM generate_series(0, ${TENANTS - 1}) t`);

  // One contact and one conversation per (tenant, n): n < EC expired, then recent.
  const ec = p.expiredPerTenant / 10;
  const base = (n) => `CASE WHEN ${n} < ${ec} THEN ${NOW} - interval '26 months' - (${n} % 240) * interval '1 day'
           ELSE ${NOW} - interval '1 day' - ((${n} * 37) % 590) * interval '1 day' END`;
  const convs = `SELECT t, n, 'bt' || lpad(t::text, 3, '0') AS tid, 'bt' || lpad(t::text, 3, '0') || 'c' || n AS cid, ${base("n")} AS base
    FROM generate_series(0, ${TENANTS - 1}) t, LATERAL generate_series(0, ${ec} + ceil((${p.perTenant - p.expiredPerTenant} - CASE WHEN t = 0 THEN ${p.subject} ELSE 0 END) / 50.0)::int - 1) n`;
  await q(`CREATE TEMP TABLE bconv AS ${convs}`);
  await q(`INSERT INTO "Contact" (id, "tenantId", name, phone, "createdAt", "updatedAt")
           SELECT cid, tid, 'Customer ' || n, '+3933' || lpad((t * 100000 + n)::text, 8, '0'), base, base FROM bconv`);
  await q(`INSERT INTO "ContactIdentity" (id, "tenantId", "contactId", kind, value, "channelId", "createdAt")
           SELECT 'bi' || cid, tid, cid, 'wa_id', '3933' || lpad((t * 100000 + n)::text, 8, '0'), 'bch' || lpad(t::text, 3, '0'), base FROM bconv`);
  await q(`INSERT INTO "Conversation" (id, "tenantId", "channelId", "contactId", status, "lastActivityAt", "lastMessagePreview", "createdAt", "updatedAt")
           SELECT 'bv' || cid, tid, 'bch' || lpad(t::text, 3, '0'), cid, 'resolved',
                  base + (CASE WHEN n < ${ec} THEN 9 ELSE 49 END) * interval '1 minute', 'Grazie!', base, base FROM bconv`);
  step(`contacts and conversations: ${(await q(`SELECT count(*)::int AS n FROM bconv`)).rows[0].n}`);

  // Messages, per tenant (progress; each statement ~100,000·s rows).
  const text = (k) => `CASE ${k} % 4 WHEN 0 THEN 'Ciao, ordine ' || ${k} || ': è già partito? 📦'
      WHEN 1 THEN 'Order ' || ${k} || ' arrived damaged, can I get a refund or a replacement?'
      WHEN 2 THEN 'Thanks for reaching out! Your order ' || ${k} || ' ships tomorrow with tracking.'
      ELSE 'Hola, ¿a qué hora abrís mañana? Necesito cambiar la talla del pedido ' || ${k} END`;
  for (let t = 0; t < TENANTS; t++) {
    const recent = p.perTenant - p.expiredPerTenant - (t === 0 ? p.subject : 0);
    await q(`INSERT INTO "Message" (id, "tenantId", "conversationId", "channelId", direction, "authorType", text, status, "providerMessageId", "createdAt", "updatedAt", search)
      SELECT 'bm' || ${t} || '_' || k, '${tenantId(t)}', 'bv${tenantId(t)}c' || cn, '${channelId(t)}',
             dir, CASE WHEN dir = 'inbound' THEN 'contact' ELSE 'agent' END::"AuthorType", txt,
             CASE WHEN dir = 'inbound' THEN 'received' ELSE 'read' END::"DeliveryStatus",
             CASE WHEN dir = 'inbound' THEN 'wamid.b${t}.' || k END, at, at, to_tsvector('simple', txt)
      FROM (SELECT k, cn, (CASE WHEN k % 2 = 0 THEN 'inbound' ELSE 'outbound' END)::"MessageDirection" AS dir, ${text("k")} AS txt,
                   ${base("cn")} + (k % CASE WHEN k < ${p.expiredPerTenant} THEN 10 ELSE 50 END) * interval '1 minute' AS at
            FROM (SELECT k, CASE WHEN k < ${p.expiredPerTenant} THEN k / 10 ELSE ${ec} + (k - ${p.expiredPerTenant}) / 50 END AS cn
                  FROM generate_series(0, ${p.expiredPerTenant + recent - 1}) k) s) m`);
    if (t % 10 === 9) step(`messages: tenants 0–${t}`);
  }

  // The data subject in tenant 0: 10 conversations, recent, half inbound.
  const per = Math.ceil(p.subject / SUBJECT.conversations);
  await q(`INSERT INTO "Contact" (id, "tenantId", name, email, phone, "createdAt", "updatedAt")
           VALUES ('${SUBJECT.contactId}', '${tenantId(0)}', 'Giulia Bianchi', '${SUBJECT.email}', '${SUBJECT.phone}', ${NOW} - interval '400 days', ${NOW})`);
  await q(`INSERT INTO "ContactIdentity" (id, "tenantId", "contactId", kind, value, "channelId") VALUES
           ('bisubj1', '${tenantId(0)}', '${SUBJECT.contactId}', 'wa_id', '${SUBJECT.waId}', '${channelId(0)}'),
           ('bisubj2', '${tenantId(0)}', '${SUBJECT.contactId}', 'phone', '${SUBJECT.phone}', NULL),
           ('bisubj3', '${tenantId(0)}', '${SUBJECT.contactId}', 'email', '${SUBJECT.email}', NULL)`);
  await q(`INSERT INTO "Conversation" (id, "tenantId", "channelId", "contactId", status, "lastActivityAt", "createdAt", "updatedAt")
           SELECT 'bvsubj' || c, '${tenantId(0)}', '${channelId(0)}', '${SUBJECT.contactId}', 'resolved', ${NOW} - c * interval '30 days', ${NOW} - c * interval '30 days' - interval '2 days', ${NOW}
           FROM generate_series(0, ${SUBJECT.conversations - 1}) c`);
  await q(`INSERT INTO "Message" (id, "tenantId", "conversationId", "channelId", direction, "authorType", text, status, "providerMessageId", "createdAt", "updatedAt", search)
    SELECT 'bmsubj' || k, '${tenantId(0)}', 'bvsubj' || (k / ${per}), '${channelId(0)}', dir, CASE WHEN dir = 'inbound' THEN 'contact' ELSE 'agent' END::"AuthorType", txt,
           CASE WHEN dir = 'inbound' THEN 'received' ELSE 'read' END::"DeliveryStatus", CASE WHEN dir = 'inbound' THEN 'wamid.subj.' || k END, at, at, to_tsvector('simple', txt)
    FROM (SELECT k, (CASE WHEN k % 2 = 0 THEN 'inbound' ELSE 'outbound' END)::"MessageDirection" AS dir, ${text("k")} AS txt,
                 ${NOW} - (k / ${per}) * interval '30 days' - interval '2 days' + (k % ${per}) * interval '2 minutes' AS at
          FROM generate_series(0, ${p.subject - 1}) k) s`);
  step(`subject: ${p.subject} messages`);

  await finish(q, p, say, idx, step);
}

/** Second half of the load (attachments, webhook events, indexes), separate so an interrupted build can resume it. */
export async function finish(q, p, say, idx, step) {
  await q(`SET session_replication_role = replica`);
  await q(`SET maintenance_work_mem = '512MB'`);
  // Statistics before the joins below (the bulk load left none).
  await q(`ANALYZE "Message", "Conversation", "Contact", "ContactIdentity"`);
  await q(`INSERT INTO "Attachment" (id, "tenantId", "messageId", "fileName", "contentType", size, "storageKey", sha256, "createdAt")
           SELECT 'ba' || m.id, m."tenantId", m.id, 'photo.jpg', 'image/jpeg', 183422, 'bench/' || m."tenantId" || '/' || m.id, repeat('ab', 32), m."createdAt"
           FROM "Message" m WHERE hashtext(m.id) % 50 = 0`);
  step("attachments");

  // What ingestion stores for each inbound delivery (raw event + delivery log line), tenant 0, last 18 months.
  await q(`INSERT INTO "WebhookEvent" (id, "tenantId", "channelId", provider, "eventKey", payload, "receivedAt")
    SELECT 'bw' || m.id, m."tenantId", m."channelId", 'meta', 'wa:msg:' || m."providerMessageId",
           jsonb_build_object('object', 'whatsapp_business_account', 'entry', jsonb_build_array(jsonb_build_object('id', '102290129340398', 'changes', jsonb_build_array(jsonb_build_object(
             'field', 'messages', 'value', jsonb_build_object('messaging_product', 'whatsapp',
               'metadata', jsonb_build_object('display_phone_number', '15550783881', 'phone_number_id', '106540300000'),
               'contacts', jsonb_build_array(jsonb_build_object('profile', jsonb_build_object('name', c.name), 'wa_id', ci.value)),
               'messages', jsonb_build_array(jsonb_build_object('from', ci.value, 'id', m."providerMessageId", 'type', 'text', 'text', jsonb_build_object('body', m.text))))))))),
           m."createdAt"
    FROM "Message" m JOIN "Conversation" v ON v.id = m."conversationId" JOIN "Contact" c ON c.id = v."contactId"
    JOIN "ContactIdentity" ci ON ci."contactId" = c.id AND ci.kind = 'wa_id'
    WHERE m."tenantId" = '${tenantId(0)}' AND m.direction = 'inbound' AND m."createdAt" > ${NOW} - interval '18 months'`);
  // The trigger that fills subjectKeys does not fire under session_replication_role = replica, and the
  // migration's backfill ran before these rows existed: without this the DSR export finds no events.
  await q(`UPDATE "WebhookEvent" SET "subjectKeys" = sotto_webhook_subject_keys(payload) WHERE id LIKE 'bw%'`);
  await q(`INSERT INTO "DeliveryLog" (id, "tenantId", "channelId", outcome, "httpStatus", "eventKey", "createdAt")
           SELECT 'bd' || id, "tenantId", "channelId", 'ingested', 200, "eventKey", "receivedAt" FROM "WebhookEvent" WHERE id LIKE 'bw%'`);
  step("webhook events and delivery logs (tenant 0)");

  for (const i of idx) await q(i.def);
  step(`rebuilt ${idx.length} indexes`);
  await q(`SET session_replication_role = origin`);
  await q(`VACUUM ANALYZE`);
  step("VACUUM ANALYZE");
}
