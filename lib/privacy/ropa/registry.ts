import type { TTx } from "@/lib/db/client";
import type { ChannelType } from "@/lib/db/generated/enums";
import { getSubprocessor, type TSubprocessorId } from "@/lib/marketing/subprocessors";
import type { TConsentPolicy } from "@/lib/consent/schemas";
import type { TPlatformIntegrations } from "./integrations";

/**
 * The records-of-processing registry (GDPR Art. 30). Each feature that
 * processes personal data contributes its activities through one source
 * module in lib/privacy/ropa/sources/, listed in sources/all.ts: the
 * generator (lib/privacy/processing.ts), the dashboard page and the CSV/JSON
 * export pick it up with no other change. A source reads the tenant's live
 * configuration from the context (or its own tables through `tx`) and returns
 * nothing when its feature is off, so the record never lists what the
 * workspace does not do. AI, voice and commerce integrations add a source the
 * same way.
 */

export type TRecipient = {
  name: string;
  /** Processor, sub-processor, independent controller, the workspace's own provider... */
  role: string;
  region: string;
  transferMechanism: string;
  /** What this recipient receives. */
  dataCategories: string[];
  /** How long this recipient keeps it. */
  retention: string;
};

export type TActivity = {
  id: string;
  name: string;
  purpose: string;
  legalBasis: string;
  controller: string;
  processor: string;
  dataSubjects: string;
  dataCategories: string[];
  recipients: TRecipient[];
  retention: string;
  security: string;
};

export type TProcessingChannel = { id: string; type: ChannelType; name: string; sandbox: boolean; credentials: string | null };

/** The tenant's live configuration, loaded once per generation in the tenant's transaction. */
export type TProcessingContext = {
  tenantId: string;
  controller: string;
  /** Active channels. */
  channels: TProcessingChannel[];
  /** Effective retention in months per retention category id (lib/retention/categories.ts). */
  retentionMonths: Record<string, number>;
  /** The published consent policy, when the consent manager is set up. */
  consentPolicy: TConsentPolicy | null;
  /** Deployment-wide providers configured in lib/env.ts (email, storage, background jobs, mail OAuth). */
  platform: TPlatformIntegrations;
};

export type TActivitySource = {
  /** Stable kebab-case name; activity ids are prefixed by it. */
  name: string;
  activities(ctx: TProcessingContext, tx: TTx): Promise<TActivity[]> | TActivity[];
};

export function defineActivitySource(source: TActivitySource): TActivitySource {
  if (!/^[a-z][a-z0-9-]{1,40}$/.test(source.name)) throw new Error(`processing source name must be kebab-case: ${source.name}`);
  return source;
}

export const SECURITY =
  "TLS in transit; encrypted storage and backups; secrets under an AES-256-GCM key ring; tenant isolation by PostgreSQL row-level security; role-based access; tamper-evident audit trail";

export const SCCS = "Standard Contractual Clauses (EU 2021/914)";
export const IN_EU = "Not needed: data stays in the EU/EEA";

/** A Sotto sub-processor as a recipient (lib/marketing/subprocessors.ts: region, data, transfer mechanism). */
export function subprocessor(id: TSubprocessorId, role: string, retention: string): TRecipient {
  const s = getSubprocessor(id);
  return { name: s.name, role, region: s.region, transferMechanism: s.transferMechanism, dataCategories: [...s.dataCategories], retention };
}

export function sotto(dataCategories: string[], retention: string): TRecipient {
  return { name: "Sotto", role: "Processor (platform)", region: "European Union", transferMechanism: IN_EU, dataCategories, retention };
}

export function monthsText(n: number | undefined, suffix = ""): string {
  return n === undefined ? "See the privacy policy" : `${n} month${n === 1 ? "" : "s"}${suffix}`;
}
