/** Sotto's own tenant: its privacy center (/privacy-center) serves Sotto's customers; its admins are Sotto's operators. */
export const PLATFORM_TENANT_SLUG = "sotto";
export const PLATFORM_TENANT_NAME = "Sotto";

export function portalPath(slug: string): string {
  return slug === PLATFORM_TENANT_SLUG ? "/privacy-center" : `/privacy-center/${encodeURIComponent(slug)}`;
}

export function requestPath(slug: string, handle: string): string {
  return `/privacy-center/${encodeURIComponent(slug)}/request/${encodeURIComponent(handle)}`;
}

export function downloadPath(slug: string, token: string): string {
  return `/privacy-center/${encodeURIComponent(slug)}/download?t=${encodeURIComponent(token)}`;
}
