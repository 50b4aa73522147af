import Link from "next/link";
import type { TPortalTenant } from "@/lib/privacy/portal";
import { portalPath } from "@/lib/privacy/platform";
import { PortalShell } from "./portal-shell";
import { PrivacyRequestForm } from "./request-form";

export function PortalHome({ tenant }: { tenant: TPortalTenant }) {
  return (
    <PortalShell tenantName={tenant.name} homeHref={portalPath(tenant.slug)}>
      <h1 className="text-3xl font-semibold tracking-tight text-ink">Your data and your rights</h1>
      <p className="mt-3 max-w-2xl text-slate-700">
        {tenant.platform
          ? "As a Sotto customer you can get a copy of your account data, correct it, have it erased, or object to how we use it."
          : `You can ask ${tenant.name} for a copy of the data it holds about you from conversations on its website chat, WhatsApp, SMS, email and other channels, have it corrected or erased, or limit how it is used.`}{" "}
        We answer within one month.
      </p>
      <section aria-labelledby="new-request" className="mt-8 rounded-2xl border border-slate-200 bg-white p-6 shadow-sm sm:p-8">
        <h2 id="new-request" className="sr-only">
          New request
        </h2>
        <PrivacyRequestForm tenantSlug={tenant.slug} />
      </section>
      <section aria-labelledby="how" className="mt-8 text-sm text-slate-700">
        <h2 id="how" className="font-semibold text-ink">
          How it works
        </h2>
        <ol className="mt-2 list-decimal space-y-1 pl-5">
          <li>We send a one-time code to the email address or phone number you used with us. It expires after 10 minutes.</li>
          <li>Once you enter it, {tenant.platform ? "our privacy team" : tenant.name} reviews your request and answers within one calendar month (up to two more months for complex requests, and we tell you why).</li>
          <li>Copies of your data come as a download link that works once and expires after 7 days.</li>
        </ol>
        <p className="mt-3">
          Read how{" "}
          <Link href="/legal/privacy" className="font-medium text-brand-700 underline underline-offset-2">
            Sotto processes personal data
          </Link>{" "}
          and its{" "}
          <Link href="/legal/subprocessors" className="font-medium text-brand-700 underline underline-offset-2">
            sub-processors
          </Link>
          .
        </p>
      </section>
    </PortalShell>
  );
}
