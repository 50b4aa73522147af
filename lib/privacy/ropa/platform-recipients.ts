import { IN_EU, SCCS, subprocessor, type TProcessingContext, type TRecipient } from "./registry";

/**
 * Recipients every activity shares through the deployment's configuration:
 * hosting always; email delivery, attachment storage, the malware scanner and
 * the background-job service only when configured (lib/privacy/ropa/integrations.ts).
 */
export function platformRecipients(ctx: TProcessingContext, uses: { email?: string; attachments?: string; jobs?: boolean }, retention: string): TRecipient[] {
  const out: TRecipient[] = [subprocessor("hosting", "Sub-processor (hosting)", retention)];
  if (uses.email && ctx.platform.email === "resend") out.push(subprocessor("resend", `Sub-processor (${uses.email})`, "Delivery logs per Resend's data processing terms"));
  const storage = ctx.platform.storage;
  if (uses.attachments && storage.driver === "s3") {
    const eu = /^eu-/.test(storage.region);
    out.push({
      name: storage.endpointHost ? `S3-compatible object storage (${storage.endpointHost})` : "Amazon Web Services (S3)",
      role: "Sub-processor (attachment storage)",
      region: storage.endpointHost ? `As operated at ${storage.endpointHost} (region ${storage.region})` : `AWS region ${storage.region}`,
      transferMechanism: eu ? IN_EU : SCCS,
      dataCategories: [uses.attachments],
      retention,
    });
  }
  if (uses.attachments && ctx.platform.malwareScan) {
    out.push({
      name: `ClamAV virus scanner (${ctx.platform.malwareScan.host})`,
      role: "Processing on the operator's infrastructure (malware scanning of attachments)",
      region: "Where the operator runs it",
      transferMechanism: IN_EU,
      dataCategories: [uses.attachments],
      retention: "Not kept: each file is scanned as it arrives and discarded by the scanner",
    });
  }
  if (uses.jobs && (ctx.platform.jobs === "inngest-cloud" || ctx.platform.jobs === "inngest-self-hosted")) {
    const cloud = ctx.platform.jobs === "inngest-cloud";
    out.push({
      name: cloud ? "Inngest" : "Inngest (self-hosted by the operator)",
      role: "Sub-processor (background jobs)",
      region: cloud ? "United States" : "Where the operator runs it",
      transferMechanism: cloud ? SCCS : IN_EU,
      dataCategories: ["Event payloads with record ids only (no message content)", "Step results with counts"],
      retention: cloud ? "Run history per the Inngest plan's retention" : "Run history per the operator's Inngest settings",
    });
  }
  return out;
}
