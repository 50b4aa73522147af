import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PortalShell } from "@/components/privacy/portal-shell";
import { inspectDownload } from "@/lib/privacy/download";
import { portalTenant } from "@/lib/privacy/portal";
import { portalPath } from "@/lib/privacy/platform";
import { ZTenantSlug } from "@/lib/privacy/schemas";

export const metadata: Metadata = { title: "Download your data", robots: { index: false }, referrer: "no-referrer" };

type TProps = { params: Promise<{ tenant: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/**
 * The link in the requester's message opens this page, which consumes
 * nothing: link scanners that prefetch it cannot use up the single download.
 * The button fetches the zip.
 */
export default async function DownloadPage({ params, searchParams }: TProps) {
  const slug = ZTenantSlug.safeParse((await params).tenant);
  const tenant = slug.success ? await portalTenant(slug.data) : null;
  if (!tenant) notFound();
  const raw = (await searchParams).t;
  const token = typeof raw === "string" ? raw : null;
  const state = await inspectDownload(token);
  return (
    <PortalShell tenantName={tenant.name} homeHref={portalPath(tenant.slug)}>
      <section aria-labelledby="download" className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm sm:p-8">
        <h1 id="download" className="text-2xl font-semibold tracking-tight text-ink">
          Download your data
        </h1>
        {state.ok ? (
          <>
            <p className="mt-2 text-slate-700">
              A zip file with a JSON and a CSV file for each place {tenant.name} keeps data about you
              {state.byteSize ? ` (${Math.max(1, Math.round(state.byteSize / 1024))} KB)` : ""}. The download works once: save the file when your
              browser asks.
            </p>
            <a
              href={`/api/privacy/download?t=${encodeURIComponent(token!)}`}
              download
              className="mt-6 inline-flex rounded-lg bg-brand-600 px-4 py-2.5 font-medium text-white hover:bg-brand-700"
            >
              Download (zip)
            </a>
            <p className="mt-4 text-sm text-slate-600">
              Available until {state.expiresAt.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" })}.
            </p>
          </>
        ) : (
          <p role="alert" className="mt-3 rounded-lg bg-red-50 p-3 text-red-900">
            {state.message}
          </p>
        )}
      </section>
    </PortalShell>
  );
}
