import { z } from "zod";

/**
 * The only module that reads process.env. Everything else imports `env`.
 * Parsing is lazy so that tools (Prisma CLI, scripts) that need only part of
 * the configuration don't fail on variables they never use.
 */
const ZBool = z
  .enum(["1", "0", "true", "false", "yes", "no", ""])
  .optional()
  .transform((v) => v === "1" || v === "true" || v === "yes");

const ZEnv = z
  .object({
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    /**
     * Deployment mode, distinct from NODE_ENV: the demo runs a production build
     * but keeps development conveniences (dev mailbox, in-process job runner).
     * Defaults to "production" whenever NODE_ENV is production.
     */
    SOTTO_ENV: z.enum(["development", "test", "demo", "production"]).optional(),
    /** Owner connection: migrations, seed, test provisioning. */
    DATABASE_URL: z.string().url().default("postgresql://postgres@127.0.0.1:5432/sotto"),
    /** The application's connection as the RLS-bound `sotto_app` role. Derived from DATABASE_URL when unset (dev only). */
    APP_DATABASE_URL: z.string().url().optional(),
    /** Set by scripts/run.mjs when the database is the embedded PGlite server. */
    DB_EMBEDDED: ZBool,
    APP_DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
    /** Public base URL, used in links sent by mail and in webhook signature checks. */
    APP_URL: z.string().url().default("http://localhost:3000"),
    AUTH_SECRET: z.string().min(32).optional(),
    AUTH_TRUST_HOST: ZBool,
    /** Dashboard idle timeout and absolute session lifetime, minutes. */
    SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
    SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
    RESEND_API_KEY: z.string().min(1).optional(),
    EMAIL_FROM: z.string().default("Sotto <no-reply@sotto.test>"),
    /** Comma-separated `id:base64key` pairs; the last is the newest and encrypts. */
    SOTTO_ENCRYPTION_KEYS: z.string().optional(),
    /** Reverse proxies in front of Sotto that append to X-Forwarded-For (the client address is read that many entries from the right). */
    TRUSTED_PROXY_HOPS: z.coerce.number().int().min(1).max(5).default(1),
    /** Multiplies every rate-limit budget. Tests that sign in many times from one address raise it; production keeps 1. */
    RATE_LIMIT_SCALE: z.coerce.number().int().min(1).max(1000).default(1),
    REDIS_URL: z.string().url().optional(),
    /** Meta Graph API (WhatsApp Cloud API, Messenger/Instagram Send API), version included. Tests point it at a fake provider. */
    META_GRAPH_BASE_URL: z.string().url().default("https://graph.facebook.com/v21.0"),
    /** Twilio REST API base. Tests point it at a fake provider. */
    TWILIO_API_BASE_URL: z.string().url().default("https://api.twilio.com"),
    INNGEST_EVENT_KEY: z.string().optional(),
    INNGEST_SIGNING_KEY: z.string().optional(),
    /** "1" for a local Inngest dev server on its default port, or its URL. */
    INNGEST_DEV: z.string().optional(),
    /** Self-hosted Inngest server (event and API base URL). */
    INNGEST_BASE_URL: z.string().url().optional(),
    /** Development runner (no Inngest server configured, never in production): how often cron functions run, seconds; 0 turns crons off. */
    INNGEST_DEV_RUNNER_CRON_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
    /** Meta app secret: verifies X-Hub-Signature-256 on WhatsApp Cloud API, Messenger and Instagram webhooks. */
    META_APP_SECRET: z.string().min(1).optional(),
    /** The token entered in the Meta app dashboard for the webhook verification handshake. */
    META_VERIFY_TOKEN: z.string().min(1).optional(),
    /** Meta app id and the Embedded Signup configuration id: both set shows "Connect with Facebook" for WhatsApp (the app secret is META_APP_SECRET). */
    META_APP_ID: z.string().regex(/^\d{5,32}$/).optional(),
    META_EMBEDDED_SIGNUP_CONFIG_ID: z.string().regex(/^\d{5,32}$/).optional(),
    /** Google OAuth client (Gmail over IMAP/SMTP with XOAUTH2). Both set shows "Connect Gmail". */
    GOOGLE_CLIENT_ID: z.string().min(1).optional(),
    GOOGLE_CLIENT_SECRET: z.string().min(1).optional(),
    /** Microsoft identity platform app (Outlook / Microsoft 365 over IMAP/SMTP with XOAUTH2). Both set shows "Connect Outlook". */
    MICROSOFT_CLIENT_ID: z.string().min(1).optional(),
    MICROSOFT_CLIENT_SECRET: z.string().min(1).optional(),
    /** Directory the Microsoft sign-in accepts: "common" (work and personal accounts), "organizations", or a tenant id. */
    MICROSOFT_TENANT: z.string().regex(/^[A-Za-z0-9.-]{1,64}$/).default("common"),
    /** Email channels: after each poll, wait this long in IMAP IDLE for new mail (servers that support it). 0: poll only. */
    EMAIL_IDLE_SECONDS: z.coerce.number().int().min(0).max(300).default(0),
    /** Lets tests move "now" forward for session expiry and retention (refused in production). */
    SOTTO_TEST_CLOCK: ZBool,
    /**
     * Request header carrying the visitor's country, set by the edge in front of Sotto
     * (e.g. "cf-ipcountry"). Only set it when that edge overwrites the header on every
     * request; unset, consent records use the bundled GeoLite2 country database.
     */
    CONSENT_COUNTRY_HEADER: z
      .string()
      .regex(/^[A-Za-z0-9-]{1,64}$/)
      .optional(),
    /**
     * Attachment storage (docs/STORAGE.md). "s3" when S3_BUCKET is set, "local" otherwise.
     * Production refuses "local" (on first use) unless STORAGE_ALLOW_LOCAL_IN_PRODUCTION is set (one host with a persistent, backed-up volume).
     */
    STORAGE_DRIVER: z.enum(["local", "s3"]).optional(),
    /** Local driver: directory for attachment files, relative to the working directory or absolute. */
    STORAGE_LOCAL_DIR: z.string().min(1).default(".data/attachments"),
    STORAGE_ALLOW_LOCAL_IN_PRODUCTION: ZBool,
    /** S3-compatible driver: bucket, endpoint (unset for AWS), region and credentials (unset: the SDK's default chain, e.g. an instance role). */
    S3_BUCKET: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/).optional(),
    S3_ENDPOINT: z.string().url().optional(),
    S3_REGION: z.string().regex(/^[a-z0-9-]{2,32}$/).default("us-east-1"),
    S3_ACCESS_KEY_ID: z.string().min(1).optional(),
    S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    /** Path-style addressing (`endpoint/bucket/key`), which most S3-compatible servers (MinIO, Ceph) need. */
    S3_FORCE_PATH_STYLE: ZBool,
    /** Largest attachment accepted, bytes (uploads, inbound media, email attachments). */
    ATTACHMENT_MAX_BYTES: z.coerce.number().int().min(1024).max(100 * 1024 * 1024).default(10 * 1024 * 1024),
    /**
     * A ClamAV daemon that scans every attachment before it is stored: tcp://host:3310 or unix:///path/to/clamd.ctl.
     * Unset: files are not scanned (their types are still sniffed and restricted). Set: a file is stored only after clamd says OK.
     */
    CLAMAV_URL: z.string().regex(/^(tcp:\/\/[^/\s]+|unix:\/\/\/\S+)$/, "tcp://host:port or unix:///path").optional(),
    CLAMAV_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(30_000),
    /** Lifetime of signed attachment download URLs (dashboard and provider fetches), seconds. */
    ATTACHMENT_URL_TTL_SECONDS: z.coerce.number().int().min(60).max(7 * 24 * 3600).default(3600),
    LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  })
  .transform((v) => ({ ...v, SOTTO_ENV: v.SOTTO_ENV ?? (v.NODE_ENV === "production" ? "production" : "development") }))
  .superRefine((v, ctx) => {
    if (v.SOTTO_ENV !== "production") return;
    for (const key of ["AUTH_SECRET", "SOTTO_ENCRYPTION_KEYS", "APP_DATABASE_URL"] as const) {
      if (!v[key]) ctx.addIssue({ code: "custom", path: [key], message: `${key} is required in production` });
    }
    if (v.SOTTO_TEST_CLOCK) ctx.addIssue({ code: "custom", path: ["SOTTO_TEST_CLOCK"], message: "test clock is refused in production" });
  });

export type TEnv = z.infer<typeof ZEnv>;

let cached: TEnv | undefined;

export function readEnv(source: Record<string, string | undefined> = process.env): TEnv {
  const parsed = ZEnv.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid environment:\n${lines}`);
  }
  return parsed.data;
}

export const env: TEnv = new Proxy({} as TEnv, {
  get(_t, key: string) {
    cached ??= readEnv();
    return cached[key as keyof TEnv];
  },
});

/** The app-role URL: explicit, or the owner URL with the user swapped for `sotto_app` (development and tests). */
export function appDatabaseUrl(): string {
  if (env.APP_DATABASE_URL) return env.APP_DATABASE_URL;
  const u = new URL(env.DATABASE_URL);
  u.username = "sotto_app";
  u.password = "";
  return u.toString();
}

/** True for real deployments: development conveniences (dev mailbox, test clock, in-process jobs) are refused. */
export const isProduction = () => env.SOTTO_ENV === "production";
