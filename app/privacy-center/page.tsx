import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PortalHome } from "@/components/privacy/portal-home";
import { portalTenant } from "@/lib/privacy/portal";
import { PLATFORM_TENANT_SLUG } from "@/lib/privacy/platform";

export const metadata: Metadata = { title: "Privacy center" };

/** Sotto's own customers' privacy center: requests go to Sotto's operators (the platform tenant's admins). */
export default async function PlatformPrivacyCenterPage() {
  const tenant = await portalTenant(PLATFORM_TENANT_SLUG);
  if (!tenant) notFound();
  return <PortalHome tenant={tenant} />;
}
