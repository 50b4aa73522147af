import type { Metadata } from "next";
import { requireMember } from "@/lib/auth/guard";
import { withTenant } from "@/lib/db/client";
import { env } from "@/lib/env";
import { CATEGORIES } from "@/lib/consent/categories";
import { ZConsentPolicy } from "@/lib/consent/schemas";
import { ConsentSubnav } from "@/components/consent/consent-subnav";
import { OriginsForm } from "@/components/consent/origins-form";
import { PolicyEditor } from "@/components/consent/policy-editor";
import { SetUpConsentButton } from "@/components/consent/set-up-button";
import { WebhooksForm } from "@/components/consent/webhooks-form";

export const metadata: Metadata = { title: "Consent manager" };

export default async function ConsentSettingsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const { tenant } = await requireMember(slug, "admin");
  const data = await withTenant(tenant.id, async (tx) => {
    const config = await tx.consentConfig.findUnique({ where: { tenantId: tenant.id } });
    const hooks = config ? await tx.consentVendorWebhook.findMany({ where: { tenantId: tenant.id }, select: { vendorId: true, url: true } }) : [];
    return { config, hooks };
  });

  const header = (
    <div>
      <h1 className="text-2xl font-semibold">Consent manager</h1>
      <p className="mt-1 text-slate-600">One banner for your websites, with Reject as easy as Accept and a tamper-evident record of every choice.</p>
    </div>
  );
  if (!data.config) {
    return (
      <>
        {header}
        <section className="mt-6 rounded-xl border border-slate-200 bg-white p-6">
          <h2 className="text-lg font-semibold">Not set up yet</h2>
          <p className="mt-1 mb-4 text-slate-600">Setting up creates a public key for your embed snippet and a first policy with the four standard categories.</p>
          <SetUpConsentButton tenantId={tenant.id} />
        </section>
      </>
    );
  }
  const config = data.config;
  const policy = ZConsentPolicy.parse(config.policy);
  const snippet = `<script src="${new URL("/consent.js", env.APP_URL).toString()}" data-sotto-key="${config.publicKey}" async></script>`;
  const hookByVendor = new Map(data.hooks.map((h) => [h.vendorId, h.url]));
  const vendors = CATEGORIES.flatMap((c) => policy.categories[c].vendors.map((v) => ({ vendorId: v.id, vendorName: v.name, url: hookByVendor.get(v.id) ?? null })));

  return (
    <>
      {header}
      <ConsentSubnav slug={tenant.slug} current="settings" isAdmin />

      <section aria-labelledby="consent-live" className="mt-6 grid gap-4 md:grid-cols-3">
        <h2 id="consent-live" className="sr-only">Published policy</h2>
        <div className="rounded-xl border border-slate-200 bg-white p-4">
          <p className="text-sm text-slate-600">Published version</p>
          <p className="mt-1 text-2xl font-semibold">v{config.policyVersion}</p>
          <p className="text-xs text-slate-500">{config.publishedAt.toISOString().replace("T", " ").slice(0, 16)} UTC</p>
        </div>
        <div className="rounded-xl border border-slate-200 bg-white p-4 md:col-span-2">
          <p className="text-sm text-slate-600">Fingerprint (SHA-256 of what the banner shows)</p>
          <p className="mt-1 font-mono text-sm break-all">{config.fingerprint}</p>
          <p className="mt-1 text-xs text-slate-500">Every record stores the fingerprint the visitor saw; a new version asks everyone again.</p>
        </div>
      </section>

      <section aria-labelledby="consent-embed" className="mt-8 space-y-3">
        <h2 id="consent-embed" className="text-lg font-semibold">Embed snippet</h2>
        <p className="text-sm text-slate-600">
          Add it to every page, before other tags. Mark scripts that need consent with <code>type=&quot;text/plain&quot; data-category=&quot;analytics&quot;</code> (or
          functional, advertising); iframes and images with <code>data-src</code> and <code>data-category</code>.
        </p>
        <pre className="overflow-x-auto rounded-lg bg-slate-900 p-4 text-sm text-slate-100">
          <code>{snippet}</code>
        </pre>
      </section>

      <section aria-labelledby="consent-sites" className="mt-8 rounded-xl border border-slate-200 bg-white p-5">
        <h2 id="consent-sites" className="mb-3 text-lg font-semibold">Websites</h2>
        <OriginsForm tenantId={tenant.id} origins={config.allowedOrigins} />
      </section>

      <section aria-labelledby="consent-policy" className="mt-8">
        <h2 id="consent-policy" className="mb-3 text-lg font-semibold">Policy</h2>
        <PolicyEditor tenantId={tenant.id} policy={policy} version={config.policyVersion} />
      </section>

      <section aria-labelledby="consent-hooks" className="mt-8 rounded-xl border border-slate-200 bg-white p-5">
        <h2 id="consent-hooks" className="text-lg font-semibold">Withdrawal webhooks</h2>
        <p className="mt-1 text-sm text-slate-600">
          When a visitor withdraws a category, each of its vendors with an endpoint receives a signed POST (<code>X-Sotto-Signature: t=…,v1=…</code>, HMAC-SHA256
          of <code>{"${t}.${body}"}</code>).
        </p>
        <WebhooksForm tenantId={tenant.id} rows={vendors} />
      </section>
    </>
  );
}
