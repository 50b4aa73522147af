import { env as defaultEnv } from "@/lib/env";

/**
 * Which deployment-wide providers this Sotto installation uses, read from its
 * configuration (lib/env.ts). There is no Integration table: what is
 * configured is what runs, so the records of processing name exactly these.
 */
export type TPlatformIntegrations = {
  /** Transactional email: Resend with an API key, else the development outbox (nothing leaves the server). */
  email: "resend" | "outbox";
  /** Attachment storage. */
  storage: { driver: "local" } | { driver: "s3"; bucket: string; region: string; endpointHost: string | null };
  /** Background jobs: Inngest Cloud, a self-hosted or development Inngest server, or the in-process runner. */
  jobs: "inngest-cloud" | "inngest-self-hosted" | "inngest-dev" | "in-process";
  /** OAuth apps for connecting Gmail / Outlook mailboxes. */
  mailOAuth: { google: boolean; microsoft: boolean };
  /** The ClamAV daemon every attachment is sent to before it is stored (lib/storage/scan.ts), by host; null when none. */
  malwareScan: { host: string } | null;
};

type TEnv = Pick<
  typeof defaultEnv,
  | "RESEND_API_KEY"
  | "STORAGE_DRIVER"
  | "S3_BUCKET"
  | "S3_REGION"
  | "S3_ENDPOINT"
  | "INNGEST_EVENT_KEY"
  | "INNGEST_BASE_URL"
  | "INNGEST_DEV"
  | "GOOGLE_CLIENT_ID"
  | "GOOGLE_CLIENT_SECRET"
  | "MICROSOFT_CLIENT_ID"
  | "MICROSOFT_CLIENT_SECRET"
  | "CLAMAV_URL"
>;

export function platformIntegrations(e: TEnv = defaultEnv): TPlatformIntegrations {
  const s3 = (e.STORAGE_DRIVER ?? (e.S3_BUCKET ? "s3" : "local")) === "s3" && e.S3_BUCKET;
  return {
    email: e.RESEND_API_KEY ? "resend" : "outbox",
    storage: s3 ? { driver: "s3", bucket: e.S3_BUCKET!, region: e.S3_REGION, endpointHost: e.S3_ENDPOINT ? new URL(e.S3_ENDPOINT).host : null } : { driver: "local" },
    // Same precedence as inngest/client.ts: a self-hosted base URL, then the dev server, then Cloud by its event key.
    jobs: e.INNGEST_BASE_URL ? "inngest-self-hosted" : e.INNGEST_DEV ? "inngest-dev" : e.INNGEST_EVENT_KEY ? "inngest-cloud" : "in-process",
    mailOAuth: { google: Boolean(e.GOOGLE_CLIENT_ID && e.GOOGLE_CLIENT_SECRET), microsoft: Boolean(e.MICROSOFT_CLIENT_ID && e.MICROSOFT_CLIENT_SECRET) },
    // A unix socket is a daemon on the same host; tcp:// names where the files go.
    malwareScan: e.CLAMAV_URL ? { host: e.CLAMAV_URL.startsWith("unix:") ? "this server (local socket)" : new URL(e.CLAMAV_URL).host } : null,
  };
}
