/**
 * Demo inbox for Acme Shop (and a little for Northside, so tenant isolation is
 * visible): three channels (sandbox WhatsApp, website chat, email), eight
 * contacts with identities, ten conversations across statuses with messages in
 * English, Italian and Arabic, labels, a "Support" team, two canned responses.
 *
 * Idempotent: ids are derived from the tenant id and a fixed key, and every
 * write is an upsert that leaves existing rows alone, so re-running never
 * duplicates anything or undoes what people did in the demo.
 */
import { createHash } from "node:crypto";
import type { PrismaClient, Prisma } from "../lib/db/generated/client";
import { env } from "../lib/env";
import { configuredDriver } from "../lib/storage/configured";
import { newStorageKey } from "../lib/storage/keys";
import { normalizeOrigin } from "../lib/widget/origins";
import { damagedParcelPng } from "./seed-image";
import { SEED_EMAILS, SEED_WIDGET_KEYS, type TSeedTenantKey } from "./seed-data";

type TTx = Prisma.TransactionClient;
type TDirection = "inbound" | "outbound";

const sid = (tenantId: string, key: string) => `s${createHash("sha256").update(`${tenantId}:${key}`).digest("hex").slice(0, 24)}`;
const minutesAgo = (base: Date, m: number) => new Date(base.getTime() - m * 60_000);

async function userIdByEmail(prisma: PrismaClient, email: string): Promise<string | null> {
  const rows = await prisma.$queryRaw<{ id: string | null }[]>`SELECT sotto_user_id_by_email(${email}) AS id`;
  return rows[0]?.id ?? null;
}

type TMsg = {
  key: string;
  dir: TDirection;
  author: "contact" | "agent" | "bot" | "system";
  authorId?: string | null;
  at: number; // minutes ago
  text?: string | null;
  html?: string;
  kind?: "text" | "media" | "location" | "email" | "note" | "unsupported" | "template";
  status?: "received" | "queued" | "sent" | "delivered" | "read" | "failed" | "sandboxed";
  isPrivate?: boolean;
  payload?: Record<string, unknown>;
  error?: { code: string; message: string };
  attachment?: { fileName: string };
};

type TConv = {
  key: string;
  channel: string;
  contact: string;
  status: "open" | "pending" | "snoozed" | "resolved";
  assignee?: string | null;
  team?: boolean;
  priority?: "none" | "low" | "medium" | "high" | "urgent";
  subject?: string;
  snoozedMinutes?: number; // from now; negative = already elapsed
  unread?: number;
  labels?: string[];
  messages: TMsg[];
};

async function seedAcme(tx: TTx, tenantId: string, users: { agent: string | null; admin: string | null; owner: string | null }, base: Date) {
  const id = (k: string) => sid(tenantId, k);

  const channels = [
    { key: "ch:wa", type: "whatsapp" as const, name: "WhatsApp (sandbox)", externalId: "seed-acme-whatsapp-sandbox", sandbox: true },
    { key: "ch:widget", type: "widget" as const, name: "Website chat", externalId: SEED_WIDGET_KEYS.acme, sandbox: false },
    { key: "ch:email", type: "email" as const, name: "support@acme-shop.test", externalId: "support@acme-shop.test", sandbox: false },
  ];
  for (const c of channels) {
    await tx.channel.upsert({
      where: { id: id(c.key) },
      create: { id: id(c.key), tenantId, type: c.type, name: c.name, externalId: c.externalId, sandbox: c.sandbox, settings: {} },
      update: {},
    });
  }
  await ensureDemoWidget(tx, id("ch:widget"), SEED_WIDGET_KEYS.acme, { greeting: "Hi! Ask us anything about your order." });

  const contacts: { key: string; name: string; email?: string; phone?: string; locale?: string; attributes?: Record<string, string>; identities: { kind: "phone" | "wa_id" | "email" | "visitor"; value: string; channel?: string }[] }[] = [
    { key: "marco", name: "Marco Rossi", phone: "+393471234567", locale: "it", attributes: { plan: "Gold", city: "Milano" }, identities: [{ kind: "phone", value: "+393471234567" }, { kind: "wa_id", value: "393471234567", channel: "ch:wa" }, { kind: "email", value: "marco.rossi@example.it", channel: "ch:email" }] },
    { key: "layla", name: "Layla Haddad", phone: "+971501234567", locale: "ar", identities: [{ kind: "phone", value: "+971501234567" }, { kind: "wa_id", value: "971501234567", channel: "ch:wa" }] },
    { key: "sam", name: "Sam Carter", email: "sam.carter@example.com", locale: "en", attributes: { "first order": "2025-09-14" }, identities: [{ kind: "visitor", value: "v_8f2c1e0a7b", channel: "ch:widget" }, { kind: "email", value: "sam.carter@example.com" }] },
    { key: "samuel", name: "Samuel Carter", phone: "+14155550123", identities: [{ kind: "phone", value: "+14155550123" }, { kind: "wa_id", value: "14155550123", channel: "ch:wa" }] },
    { key: "giulia", name: "Giulia Bianchi", email: "giulia.bianchi@example.it", locale: "it", identities: [{ kind: "email", value: "giulia.bianchi@example.it", channel: "ch:email" }] },
    { key: "priya", name: "Priya Nair", email: "priya.nair@example.com", locale: "en", attributes: { company: "Nair Interiors" }, identities: [{ kind: "email", value: "priya.nair@example.com", channel: "ch:email" }] },
    { key: "tom", name: "Tom Becker", locale: "en", identities: [{ kind: "visitor", value: "v_31d9a4c2e6", channel: "ch:widget" }] },
    { key: "lucia", name: "Lucía Fernández", phone: "+34612345678", locale: "es", identities: [{ kind: "phone", value: "+34612345678" }, { kind: "wa_id", value: "34612345678", channel: "ch:wa" }] },
  ];
  for (const c of contacts) {
    await tx.contact.upsert({
      where: { id: id(`contact:${c.key}`) },
      create: { id: id(`contact:${c.key}`), tenantId, name: c.name, email: c.email, phone: c.phone, locale: c.locale, attributes: c.attributes ?? {}, lastSeenAt: minutesAgo(base, 5) },
      update: {},
    });
    for (const i of c.identities) {
      await tx.contactIdentity.upsert({
        where: { tenantId_kind_value: { tenantId, kind: i.kind, value: i.value } },
        create: { id: id(`identity:${i.kind}:${i.value}`), tenantId, contactId: id(`contact:${c.key}`), kind: i.kind, value: i.value, channelId: i.channel ? id(i.channel) : null },
        update: {},
      });
    }
  }

  const optIns = [
    { contact: "marco", type: "whatsapp" as const, status: "opted_in" as const, source: "inbound_message" },
    { contact: "layla", type: "whatsapp" as const, status: "opted_in" as const, source: "inbound_message" },
    { contact: "lucia", type: "whatsapp" as const, status: "opted_out" as const, source: "keyword", keyword: "STOP" },
    { contact: "priya", type: "email" as const, status: "opted_in" as const, source: "checkout_form" },
  ];
  for (const o of optIns) {
    await tx.contactOptIn.upsert({
      where: { tenantId_contactId_channelType: { tenantId, contactId: id(`contact:${o.contact}`), channelType: o.type } },
      create: { id: id(`optin:${o.contact}:${o.type}`), tenantId, contactId: id(`contact:${o.contact}`), channelType: o.type, status: o.status, source: o.source, keyword: o.keyword ?? null, acknowledged: o.status === "opted_out", changedAt: minutesAgo(base, 60 * 24 * 3) },
      update: {},
    });
  }

  const labels = [
    { key: "order-issue", color: "#dc2626" },
    { key: "returns", color: "#d97706" },
    { key: "shipping", color: "#0284c7" },
    { key: "billing", color: "#059669" },
    { key: "vip", color: "#7c3aed" },
  ];
  for (const l of labels) {
    const existing = await tx.label.findFirst({ where: { tenantId, name: l.key }, select: { id: true } });
    if (!existing) await tx.label.create({ data: { id: id(`label:${l.key}`), tenantId, name: l.key, color: l.color } });
  }
  const labelIds = new Map((await tx.label.findMany({ where: { tenantId }, select: { id: true, name: true } })).map((l) => [l.name, l.id]));

  const teamId = (await tx.team.findFirst({ where: { tenantId, name: "Support" }, select: { id: true } }))?.id ?? id("team:support");
  await tx.team.upsert({
    where: { id: teamId },
    create: {
      id: teamId,
      tenantId,
      name: "Support",
      settings: {
        autoAssign: true,
        businessHours: {
          enabled: false,
          timezone: "Europe/Rome",
          weekly: { mon: [{ start: "09:00", end: "18:00" }], tue: [{ start: "09:00", end: "18:00" }], wed: [{ start: "09:00", end: "18:00" }], thu: [{ start: "09:00", end: "18:00" }], fri: [{ start: "09:00", end: "17:00" }], sat: [], sun: [] },
          holidays: [],
        },
      },
    },
    update: {},
  });
  for (const [userId, capacity] of [
    [users.agent, 8],
    [users.admin, 5],
  ] as const) {
    if (!userId) continue;
    await tx.teamMember.upsert({
      where: { tenantId_teamId_userId: { tenantId, teamId, userId } },
      create: { id: id(`tm:${userId}`), tenantId, teamId, userId, capacity },
      update: {},
    });
  }

  const canned = [
    {
      shortcut: "greeting",
      title: "Greeting",
      body: "Hi {{contact.first_name | there}}, thanks for reaching out! I'm {{agent.first_name}} from Acme Shop. How can I help today?",
    },
    {
      shortcut: "shipping",
      title: "Shipping times",
      body: "Orders ship within 2 business days. As soon as your parcel leaves our warehouse you'll get a tracking link by email. Your reference is {{conversation.id}}.",
    },
  ];
  for (const c of canned) {
    await tx.cannedResponse.upsert({
      where: { tenantId_shortcut: { tenantId, shortcut: c.shortcut } },
      create: { id: id(`canned:${c.shortcut}`), tenantId, ...c },
      update: {},
    });
  }

  const agent = users.agent;
  const owner = users.owner;
  const conversations: TConv[] = [
    {
      key: "marco-order",
      channel: "ch:wa",
      contact: "marco",
      status: "open",
      priority: "high",
      unread: 3,
      labels: ["order-issue"],
      messages: [
        { key: "m1", dir: "inbound", author: "contact", at: 38, text: "Ciao, il mio ordine #4821 non è ancora arrivato. Potete aiutarmi?" },
        { key: "m2", dir: "inbound", author: "contact", at: 37, kind: "media", payload: { caption: "Il pacco del mese scorso è arrivato così 📦", mediaType: "image" }, attachment: { fileName: "pacco-danneggiato.png" } },
        { key: "m3", dir: "inbound", author: "contact", at: 4, text: "È passata più di una settimana 😕" },
      ],
    },
    {
      key: "layla-status",
      channel: "ch:wa",
      contact: "layla",
      status: "open",
      assignee: agent,
      team: true,
      labels: ["shipping"],
      messages: [
        { key: "m1", dir: "inbound", author: "contact", at: 95, text: "مرحبا، أين طلبي؟ رقم الطلب 5590" },
        { key: "m2", dir: "outbound", author: "agent", authorId: agent, at: 80, text: "Hi Layla, your order 5590 left our warehouse yesterday. Here is the tracking link: https://track.example.com/5590", status: "sandboxed" },
        { key: "m3", dir: "inbound", author: "contact", at: 62, text: "شكرا جزيلا 🙏 هل يمكن التوصيل يوم السبت؟" },
        { key: "m4", dir: "outbound", author: "system", authorId: agent, at: 61, text: "Alex Agent self-assigned the conversation", isPrivate: true, payload: { activity: { type: "assigned" } } },
      ],
    },
    {
      key: "sam-canada",
      channel: "ch:widget",
      contact: "sam",
      status: "open",
      assignee: agent,
      team: true,
      unread: 1,
      labels: ["shipping", "vip"],
      messages: [
        { key: "m1", dir: "inbound", author: "contact", at: 26, text: "Hi! Do you ship to Canada? 🇨🇦" },
        { key: "m2", dir: "outbound", author: "agent", authorId: agent, at: 24, text: "Hi Sam! Yes, we ship to Canada. Delivery usually takes 5–7 business days.", status: "read" },
        { key: "m3", dir: "outbound", author: "agent", authorId: agent, at: 23, text: "Duties are included at checkout, so there's nothing extra to pay on delivery.", status: "delivered" },
        { key: "m4", dir: "inbound", author: "contact", at: 2, text: "Perfect, and can I pay with PayPal?" },
      ],
    },
    {
      key: "giulia-return",
      channel: "ch:email",
      contact: "giulia",
      status: "pending",
      team: true,
      subject: "Reso articolo difettoso – ordine 4777",
      labels: ["returns"],
      messages: [
        {
          key: "m1",
          dir: "inbound",
          author: "contact",
          at: 60 * 5,
          kind: "email",
          text: "Buongiorno,\nvorrei restituire la lampada Aurora: è arrivata con il vetro incrinato. Allego le foto.\nGrazie,\nGiulia",
          html: "<p>Buongiorno,</p><p>vorrei restituire la lampada <strong>Aurora</strong>: è arrivata con il vetro incrinato. Allego le foto.</p><p>Grazie,<br>Giulia</p>",
          payload: { subject: "Reso articolo difettoso – ordine 4777", from: "giulia.bianchi@example.it" },
        },
        { key: "m2", dir: "outbound", author: "agent", authorId: users.admin, at: 60 * 4, kind: "note", isPrivate: true, text: "Waiting for the warehouse to confirm the replacement stock before we answer.", payload: { mentions: [] } },
      ],
    },
    {
      key: "priya-invoice",
      channel: "ch:email",
      contact: "priya",
      status: "open",
      subject: "Invoice for order 7781",
      unread: 1,
      labels: ["billing"],
      messages: [
        {
          key: "m1",
          dir: "inbound",
          author: "contact",
          at: 14,
          kind: "email",
          text: "Hello,\nCould you send the invoice for order 7781 with our VAT number IT01234567890 on it?\nThanks, Priya",
          html: "<div><p>Hello,</p><p>Could you send the invoice for order <b>7781</b> with our VAT number on it?</p><table style=\"border-collapse:collapse\"><tr><td style=\"padding:4px 8px;border:1px solid #ddd\">Company</td><td style=\"padding:4px 8px;border:1px solid #ddd\">Nair Interiors</td></tr><tr><td style=\"padding:4px 8px;border:1px solid #ddd\">VAT</td><td style=\"padding:4px 8px;border:1px solid #ddd\">IT01234567890</td></tr></table><p>Thanks,<br>Priya</p></div>",
          payload: { subject: "Invoice for order 7781", from: "priya.nair@example.com" },
        },
      ],
    },
    {
      key: "tom-address",
      channel: "ch:widget",
      contact: "tom",
      status: "snoozed",
      assignee: owner,
      snoozedMinutes: 60 * 18,
      messages: [
        { key: "m1", dir: "inbound", author: "contact", at: 180, text: "Can I change my delivery address? 🏠 I'm moving next week." },
        { key: "m2", dir: "outbound", author: "agent", authorId: owner, at: 170, text: "Of course! Send me the new address and I'll update the order before it ships.", status: "read" },
        { key: "m3", dir: "outbound", author: "system", authorId: owner, at: 169, text: "Dana Demo snoozed the conversation", isPrivate: true, payload: { activity: { type: "snoozed" } } },
      ],
    },
    {
      key: "lucia-stop",
      channel: "ch:wa",
      contact: "lucia",
      status: "resolved",
      assignee: agent,
      messages: [
        { key: "m1", dir: "inbound", author: "contact", at: 60 * 30, text: "Hola! Is the summer sale still on?" },
        { key: "m2", dir: "outbound", author: "agent", authorId: agent, at: 60 * 29, text: "Hi Lucía! Yes, until Sunday: 20% off everything with code SUMMER20.", status: "failed", error: { code: "131047", message: "Re-engagement message: more than 24 hours have passed since the customer last replied, so only a template can be sent." } },
        { key: "m3", dir: "outbound", author: "agent", authorId: agent, at: 60 * 28, kind: "template", text: "Hi Lucía, our summer sale ends on Sunday: 20% off with code SUMMER20.", status: "sandboxed", payload: { template: "summer_sale", language: "en" } },
        { key: "m4", dir: "inbound", author: "contact", at: 60 * 27, text: "STOP" },
        { key: "m5", dir: "outbound", author: "system", at: 60 * 27 - 1, text: "Lucía Fernández opted out of WhatsApp messages (keyword STOP)", isPrivate: true, payload: { activity: { type: "opted_out" } } },
      ],
    },
    {
      key: "samuel-unsupported",
      channel: "ch:wa",
      contact: "samuel",
      status: "snoozed",
      snoozedMinutes: -45,
      unread: 2,
      messages: [
        { key: "m1", dir: "inbound", author: "contact", at: 300, kind: "location", payload: { latitude: 37.7793, longitude: -122.4193, name: "Civic Center", address: "San Francisco, CA" } },
        { key: "m2", dir: "inbound", author: "contact", at: 299, text: "Is there a pickup point near here?" },
        { key: "m3", dir: "inbound", author: "contact", at: 50, kind: "unsupported", payload: { type: "sticker_pack", reason: "WhatsApp sent a message type Sotto does not support yet", raw: { type: "sticker_pack", id: "wamid.HBgLMTQxNTU1NTAxMjM" } } },
      ],
    },
    {
      key: "marco-invoice-old",
      channel: "ch:email",
      contact: "marco",
      status: "resolved",
      assignee: agent,
      subject: "Fattura ordine #4100",
      messages: [
        { key: "m1", dir: "inbound", author: "contact", at: 60 * 24 * 12, kind: "email", text: "Buonasera, potreste inviarmi la fattura dell'ordine #4100? Grazie", html: "<p>Buonasera, potreste inviarmi la fattura dell'ordine #4100? Grazie</p>", payload: { subject: "Fattura ordine #4100" } },
        { key: "m2", dir: "outbound", author: "agent", authorId: agent, at: 60 * 24 * 12 - 30, text: "Buonasera Marco, trova la fattura in allegato. Buona serata!", status: "delivered" },
      ],
    },
    {
      key: "tom-discount",
      channel: "ch:widget",
      contact: "tom",
      status: "open",
      team: true,
      priority: "medium",
      messages: [
        { key: "m1", dir: "inbound", author: "contact", at: 9, text: "The discount code WELCOME10 says it's expired 🤔 I only signed up yesterday." },
        ...(users.admin
          ? [{ key: "m2", dir: "outbound" as const, author: "agent" as const, authorId: agent, at: 7, kind: "note" as const, isPrivate: true, text: "@Avery Admin can we re-issue WELCOME10 for Tom? The code expired after one day.", payload: { mentions: [{ userId: users.admin, name: "Avery Admin" }] } }]
          : []),
      ],
    },
  ];

  for (const c of conversations) {
    const convId = id(`conv:${c.key}`);
    const exists = await tx.conversation.findFirst({ where: { id: convId }, select: { id: true } });
    if (exists) continue;
    const newest = (ms: TMsg[]) => ms.reduce((a, m) => (m.at < a.at ? m : a), ms[0]!);
    // Like the outbound queue: notes move the activity time but not the preview.
    const last = newest(c.messages.filter((m) => m.author !== "system"));
    const shown = newest(c.messages.filter((m) => m.author !== "system" && !m.isPrivate));
    const previewText = shown.text ?? (shown.kind === "media" ? "📷 Photo" : shown.kind === "location" ? "📍 Location" : "Unsupported message type");
    await tx.conversation.create({
      data: {
        id: convId,
        tenantId,
        channelId: id(c.channel),
        contactId: id(`contact:${c.contact}`),
        status: c.status,
        assigneeId: c.assignee ?? null,
        teamId: c.team ? teamId : null,
        priority: c.priority ?? "none",
        subject: c.subject ?? null,
        snoozedUntil: c.snoozedMinutes !== undefined ? new Date(base.getTime() + c.snoozedMinutes * 60_000) : null,
        lastActivityAt: minutesAgo(base, last.at),
        lastMessagePreview: previewText,
        unreadCount: c.unread ?? 0,
        resolvedAt: c.status === "resolved" ? minutesAgo(base, Math.max(0, last.at - 5)) : null,
        createdAt: minutesAgo(base, Math.max(...c.messages.map((m) => m.at))),
      },
    });
    for (const l of c.labels ?? []) {
      const labelId = labelIds.get(l);
      if (labelId) await tx.conversationLabel.createMany({ data: [{ tenantId, conversationId: convId, labelId }], skipDuplicates: true });
    }
    for (const m of c.messages) {
      const messageId = id(`msg:${c.key}:${m.key}`);
      const at = minutesAgo(base, m.at);
      const status = m.status ?? (m.dir === "inbound" || m.isPrivate ? "received" : "sent");
      await tx.message.create({
        data: {
          id: messageId,
          tenantId,
          conversationId: convId,
          channelId: id(c.channel),
          direction: m.dir,
          authorType: m.author,
          authorId: m.author === "contact" ? id(`contact:${c.contact}`) : (m.authorId ?? null),
          kind: m.kind ?? (m.isPrivate && m.author === "agent" ? "note" : "text"),
          text: m.text ?? null,
          html: m.html ?? null,
          payload: (m.payload ?? {}) as Prisma.InputJsonValue,
          isPrivate: m.isPrivate ?? false,
          providerMessageId: m.dir === "inbound" ? `seed.${messageId}` : null,
          status,
          sentAt: ["sent", "delivered", "read", "sandboxed"].includes(status) ? at : null,
          deliveredAt: ["delivered", "read"].includes(status) ? new Date(at.getTime() + 20_000) : null,
          readAt: status === "read" ? new Date(at.getTime() + 60_000) : null,
          failedAt: status === "failed" ? new Date(at.getTime() + 5_000) : null,
          errorCode: m.error?.code ?? null,
          errorMessage: m.error?.message ?? null,
          createdAt: at,
        },
      });
      if (m.attachment) {
        // A real file where the app stores attachments, so the inbox can show and serve it.
        const bytes = damagedParcelPng();
        const storageKey = newStorageKey(tenantId, at);
        await configuredDriver().put(storageKey, bytes, "image/png");
        await tx.attachment.create({
          data: {
            id: id(`att:${c.key}:${m.key}`),
            tenantId,
            messageId,
            fileName: m.attachment.fileName,
            contentType: "image/png",
            size: bytes.byteLength,
            storageKey,
            sha256: createHash("sha256").update(bytes).digest("hex"),
          },
        });
      }
    }
  }
}

/**
 * The seeded widget must work on the demo's own pages: a valid public key
 * (earlier seeds stored a placeholder that is not one) and APP_URL among the
 * allowed origins. Re-running the seed keeps whatever else an admin changed.
 */
async function ensureDemoWidget(tx: TTx, channelId: string, key: string, defaults: Record<string, unknown>) {
  const ch = await tx.channel.findFirst({ where: { id: channelId }, select: { externalId: true, settings: true } });
  if (!ch) return;
  const settings = { ...defaults, ...((ch.settings ?? {}) as Record<string, unknown>) };
  const origins = Array.isArray(settings.allowedOrigins) ? (settings.allowedOrigins as string[]) : [];
  const own = normalizeOrigin(env.APP_URL);
  const wanted = own && !origins.includes(own) ? [...origins, own] : origins;
  if (ch.externalId === key && wanted === origins && Object.keys(defaults).every((k) => k in ((ch.settings ?? {}) as object))) return;
  await tx.channel.update({ where: { id: channelId }, data: { externalId: key, settings: { ...settings, allowedOrigins: wanted } as Prisma.InputJsonObject } });
}

async function seedNorthside(tx: TTx, tenantId: string, base: Date) {
  const id = (k: string) => sid(tenantId, k);
  await tx.channel.upsert({
    where: { id: id("ch:widget") },
    create: { id: id("ch:widget"), tenantId, type: "widget", name: "School website chat", externalId: SEED_WIDGET_KEYS.northside, settings: {} },
    update: {},
  });
  await ensureDemoWidget(tx, id("ch:widget"), SEED_WIDGET_KEYS.northside, {});
  await tx.contact.upsert({ where: { id: id("contact:parent") }, create: { id: id("contact:parent"), tenantId, name: "Jordan Parent" }, update: {} });
  const convId = id("conv:trip");
  if (await tx.conversation.findFirst({ where: { id: convId }, select: { id: true } })) return;
  await tx.conversation.create({
    data: { id: convId, tenantId, channelId: id("ch:widget"), contactId: id("contact:parent"), status: "open", lastActivityAt: minutesAgo(base, 20), lastMessagePreview: "Where do I send the order form for the school trip?", unreadCount: 1 },
  });
  await tx.message.create({
    data: {
      id: id("msg:trip:m1"),
      tenantId,
      conversationId: convId,
      channelId: id("ch:widget"),
      direction: "inbound",
      authorType: "contact",
      authorId: id("contact:parent"),
      text: "Where do I send the order form for the school trip?",
      createdAt: minutesAgo(base, 20),
    },
  });
}

export async function seedInbox(prisma: PrismaClient, tenantIds: Record<TSeedTenantKey, string>): Promise<{ conversations: number }> {
  const base = new Date();
  const users = {
    agent: await userIdByEmail(prisma, SEED_EMAILS.acmeAgent),
    admin: await userIdByEmail(prisma, SEED_EMAILS.acmeAdmin),
    owner: await userIdByEmail(prisma, SEED_EMAILS.demo),
  };
  const inTenant = (tenantId: string, work: (tx: TTx) => Promise<void>) =>
    prisma.$transaction(
      async (tx) => {
        await tx.$executeRaw`SELECT set_config('app.tenant_id', ${tenantId}, true)`;
        await work(tx);
      },
      { timeout: 60_000 },
    );
  await inTenant(tenantIds.acme, (tx) => seedAcme(tx, tenantIds.acme, users, base));
  await inTenant(tenantIds.northside, (tx) => seedNorthside(tx, tenantIds.northside, base));
  const rows = await prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT set_config('app.tenant_id', ${tenantIds.acme}, true)`;
    return tx.conversation.count({ where: { tenantId: tenantIds.acme } });
  });
  return { conversations: rows };
}
