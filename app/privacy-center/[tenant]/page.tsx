import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PortalHome } from "@/components/privacy/portal-home";
import { portalTenant } from "@/lib/privacy/portal";
import { ZTenantSlug } from "@/lib/privacy/schemas";

type TProps = { params: Promise<{ tenant: string }> };

export async function generateMetadata({ params }: TProps): Promise<Metadata> {
  const slug = ZTenantSlug.safeParse((await params).tenant);
  const tenant = slug.success ? await portalTenant(slug.data) : null;
  return { title: tenant ? `${tenant.name} privacy center` : "Privacy center" };
}

export default async function TenantPrivacyCenterPage({ params }: TProps) {
  const slug = ZTenantSlug.safeParse((await params).tenant);
  const tenant = slug.success ? await portalTenant(slug.data) : null;
  if (!tenant) notFound();
  return <PortalHome tenant={tenant} />;
}
