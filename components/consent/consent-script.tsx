import { headers } from "next/headers";
import { getSessionUser } from "@/lib/auth/session";
import { platformConsent } from "@/lib/consent/config";

/**
 * Sotto's own consent manager on its own pages (marketing site and dashboard):
 * the same consent.js customers embed, with the platform workspace's key. Signed
 * in, it also syncs the choice with the user's other devices (/api/consent/me).
 * Renders nothing until the platform config exists (seed: prisma/seed-consent.ts).
 */
export async function ConsentScript({ sync = false }: { sync?: boolean }) {
  const platform = await platformConsent();
  if (!platform) return null;
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  const signedIn = sync && (await getSessionUser()) !== null;
  return <script src="/consent.js" data-sotto-key={platform.key} data-signed-in={signedIn ? "" : undefined} nonce={nonce} async />;
}
