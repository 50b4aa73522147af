import { z } from "zod";

export const ZTenantName = z.string().trim().min(2, "Use at least 2 characters.").max(80, "Use at most 80 characters.");

export const ZCreateTenant = z.object({ name: ZTenantName });
export type TCreateTenant = z.infer<typeof ZCreateTenant>;

export const LOCALES = ["en", "it"] as const;

/** Workspace settings stored in Tenant.settings. Defaults apply to missing keys. */
export const ZTenantSettings = z.object({
  locale: z.enum(LOCALES).default("en"),
  timezone: z.string().min(1).max(64).default("Europe/Rome"),
  /** A workspace may shorten the dashboard idle timeout below the server default. */
  sessionIdleMinutes: z.number().int().min(5).max(480).nullable().default(null),
});
export type TTenantSettings = z.infer<typeof ZTenantSettings>;

export const ZUpdateTenantSettings = z.object({
  name: ZTenantName,
  locale: z.enum(LOCALES),
  timezone: z.string().trim().min(1).max(64).refine(isTimeZone, "Unknown time zone."),
  sessionIdleMinutes: z
    .union([z.literal(""), z.coerce.number().int().min(5, "At least 5 minutes.").max(480, "At most 480 minutes.")])
    .transform((v) => (v === "" ? null : v)),
});
export type TUpdateTenantSettings = z.infer<typeof ZUpdateTenantSettings>;

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export function parseTenantSettings(raw: unknown): TTenantSettings {
  const parsed = ZTenantSettings.safeParse(raw ?? {});
  return parsed.success ? parsed.data : ZTenantSettings.parse({});
}

export function slugify(name: string): string {
  return (
    name
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 40) || "workspace"
  );
}
