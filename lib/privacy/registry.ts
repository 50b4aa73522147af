import type { Prisma } from "@/lib/db/generated/client";
import type { TTx } from "@/lib/db/client";
import type { IdentityKind } from "@/lib/db/generated/enums";

/**
 * The data-store registry behind access, portability and erasure. Each store
 * that holds personal data about a tenant's end users (or Sotto's customers)
 * registers one module under lib/privacy/stores/ and adds it to
 * lib/privacy/stores/all.ts; fulfilment runs one resumable step per store, so a
 * new store (AI decision logs, voice recordings, integration caches) joins every
 * export and erasure without any change to the privacy code.
 *
 * Stores run inside the request tenant's transaction (lib/privacy/tx.ts: the
 * raw pool for `exportSql`, Prisma for `eraser`) with `app.include_deleted = 'on'`:
 * rows soft-deleted by retention still exist, so they are exported and erased
 * too.
 */

/** Who a request is about, resolved once when fulfilment starts and kept on the request. */
export type TSubject = {
  tenantId: string;
  /** The contact the identity resolved to and every contact merged into it. */
  contactIds: string[];
  /** Identity values on file (email, phone, wa_id, psid, ...) at resolution time. */
  identities: { kind: IdentityKind; value: string }[];
  /** A Sotto dashboard account with the same email (platform tenant only). */
  userId: string | null;
};

export type TRow = Record<string, unknown>;

export type TEraseCounts = {
  /** Rows physically deleted. */
  deleted: number;
  /** Rows kept but irreversibly stripped of personal data. */
  anonymised: number;
  /** Rows kept because the law (or a legal hold) requires it; listed in the report. */
  retained: number;
};

/** Something kept after erasure, with why: the report lists it and a later export shows only these. */
export type TRetainedItem = { store: string; ref: string; basis: string };

export type TEraseResult = TEraseCounts & { retainedItems?: TRetainedItem[] };

/**
 * Runs one statement in the unit's transaction (tenant context and
 * include-deleted set, RLS as for any query) and returns its rows: the raw
 * `pg` client on the export path, `tx.$queryRaw` elsewhere.
 */
export type TQuery = <R extends Record<string, unknown>>(sql: Prisma.Sql) => Promise<R[]>;

/** A TQuery on a Prisma transaction (erasers reuse their store's export statement through it). */
export const txQuery = (tx: TTx): TQuery => (sql) => tx.$queryRaw(sql);

export type TDataStore = {
  /** Stable machine name: file name in exports, key in progress and reports. */
  name: string;
  label: string;
  /** The retention category (lib/marketing/retention.ts id) or a short data category. */
  category: string;
  /**
   * The statement that returns every row this store holds about the
   * subject as its JSON text (`jsonRows`, lib/privacy/json-rows.ts):
   * objects with the same keys in the same order, dates as ISO strings,
   * bigints as strings. Statements it needs first (a user context) run
   * through `q`; null when there is nothing to look for. Fulfilment reads
   * it through a cursor, batch by batch (parsing big stores row by row
   * through Prisma took seconds); `exportTexts` runs it whole.
   */
  exportSql(q: TQuery, subject: TSubject): Prisma.Sql | null | Promise<Prisma.Sql | null>;
  /** Deletes or anonymises the subject's rows; idempotent (a second call finds nothing left). */
  eraser(tx: TTx, subject: TSubject): Promise<TEraseResult>;
  /**
   * Set when the law requires keeping this store's rows (invoices, security logs):
   * the eraser keeps them and reports them as retained with this basis.
   */
  legalHold?: { basis: string };
};

export const NO_ROWS: TEraseCounts = { deleted: 0, anonymised: 0, retained: 0 };

export function defineStore(store: TDataStore): TDataStore {
  if (!/^[a-z][a-z0-9-]{1,40}$/.test(store.name)) throw new Error(`privacy store name must be kebab-case: ${store.name}`);
  return store;
}

/** Checks a store list: unique names (they are file names and progress keys). */
export function checkStores(stores: readonly TDataStore[]): readonly TDataStore[] {
  const seen = new Set<string>();
  for (const s of stores) {
    if (seen.has(s.name)) throw new Error(`privacy store registered twice: ${s.name}`);
    seen.add(s.name);
  }
  return stores;
}

export type THolds = {
  /** Held contacts: kept with everything about them. */
  contactIds: Set<string>;
  /** Held conversations, including every conversation of a held contact. */
  conversationIds: Set<string>;
  /** Hold reason per held contact or conversation id. */
  reasons: Map<string, string>;
};

/** Active legal holds (LegalHold rows) on the subject's contacts and conversations: erasure skips them. */
export async function activeHolds(tx: TTx, subject: TSubject): Promise<THolds> {
  const conversations = await tx.conversation.findMany({
    where: { tenantId: subject.tenantId, contactId: { in: subject.contactIds } },
    select: { id: true, contactId: true },
  });
  const holds = await tx.legalHold.findMany({
    where: {
      tenantId: subject.tenantId,
      releasedAt: null,
      OR: [{ contactId: { in: subject.contactIds } }, { conversationId: { in: conversations.map((c) => c.id) } }],
    },
    select: { contactId: true, conversationId: true, reason: true },
  });
  const out: THolds = { contactIds: new Set(), conversationIds: new Set(), reasons: new Map() };
  for (const h of holds) {
    if (h.contactId) {
      out.contactIds.add(h.contactId);
      out.reasons.set(h.contactId, h.reason);
      for (const c of conversations) {
        if (c.contactId !== h.contactId) continue;
        out.conversationIds.add(c.id);
        out.reasons.set(c.id, h.reason);
      }
    }
    if (h.conversationId) {
      out.conversationIds.add(h.conversationId);
      out.reasons.set(h.conversationId, h.reason);
    }
  }
  return out;
}

export const holdBasis = (reason: string | undefined) => `Legal hold: ${reason ?? "placed by the workspace"}`;
