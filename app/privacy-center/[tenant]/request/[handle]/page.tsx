import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PortalShell } from "@/components/privacy/portal-shell";
import { VerificationCodeForm } from "@/components/privacy/code-form";
import { RequestStatus } from "@/components/privacy/request-status";
import { portalTenant, requestView } from "@/lib/privacy/portal";
import { portalPath } from "@/lib/privacy/platform";
import { ZTenantSlug } from "@/lib/privacy/schemas";
import { ZHandlePattern } from "@/lib/privacy/secrets";

export const metadata: Metadata = { title: "Your privacy request", robots: { index: false } };

type TProps = { params: Promise<{ tenant: string; handle: string }> };

/**
 * The requester's page: code entry until verified, then the request's status.
 * A handle that matches nothing (unknown identity) shows the same code page.
 */
export default async function PrivacyRequestPage({ params }: TProps) {
  const p = await params;
  const slug = ZTenantSlug.safeParse(p.tenant);
  const tenant = slug.success ? await portalTenant(slug.data) : null;
  if (!tenant || !ZHandlePattern.test(p.handle)) notFound();
  const view = await requestView(tenant.id, p.handle);
  return (
    <PortalShell tenantName={tenant.name} homeHref={portalPath(tenant.slug)}>
      {view.state === "awaiting_code" ? (
        <section aria-labelledby="check" className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm sm:p-8">
          <h1 id="check" className="text-2xl font-semibold tracking-tight text-ink">
            Check your messages
          </h1>
          <p className="mt-2 text-slate-700">
            If we hold data under the email address or phone number you entered, we have sent a 6-digit code there. Enter it below to confirm the
            request. The code expires after 10 minutes.
          </p>
          <p className="mt-2 text-sm text-slate-600">Keep this page open: it is where you follow your request.</p>
          <VerificationCodeForm tenantSlug={tenant.slug} handle={p.handle} />
        </section>
      ) : (
        <RequestStatus view={view} tenantName={tenant.name} />
      )}
    </PortalShell>
  );
}
