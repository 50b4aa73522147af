import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireMember } from "@/lib/auth/guard";
import { env } from "@/lib/env";
import { getChannel } from "@/lib/channels/queries";
import { CHANNEL_TYPE_LABELS, displayRoutingKey, routingKeyLabel } from "@/lib/channels/types";
import { embedSnippet, widgetSettingsFrom } from "@/lib/widget/settings";
import { OutcomeBadge, SandboxBadge, StatusBadge } from "@/components/channels/badges";
import { ChannelIcon } from "@/components/channels/channel-icon";
import { CopyField } from "@/components/channels/copy-field";
import { DisconnectButton } from "@/components/channels/disconnect-button";
import { RenameForm } from "@/components/channels/rename-form";
import { MetaWebhookHelp, TwilioWebhookHelp } from "@/components/channels/setup-help";
import { WidgetSettingsForm } from "@/components/channels/widget-form";

export const metadata: Metadata = { title: "Channel" };

const when = (d: Date | string) => new Date(d).toISOString().slice(0, 16).replace("T", " ") + " UTC";
const text = (v: unknown) => (typeof v === "string" && v ? v : null);

export default async function ChannelPage({ params, searchParams }: { params: Promise<{ tenant: string; id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { tenant: slug, id } = await params;
  const search = await searchParams;
  const { tenant } = await requireMember(slug, "admin");
  const c = await getChannel(tenant.id, id);
  if (!c) notFound();
  const active = c.status !== "disconnected";
  const imap = (c.settings.imap ?? null) as { lastPollAt?: string; lastError?: string | null } | null;
  const facts: [string, React.ReactNode][] = [
    ["Type", CHANNEL_TYPE_LABELS[c.type]],
    [routingKeyLabel(c.type), <code key="k" className="break-all text-xs">{displayRoutingKey(c.externalId)}</code>],
    ["Connected", when(c.createdAt)],
  ];
  if (text(c.settings.wabaId)) facts.push(["WhatsApp Business Account", <code key="w" className="text-xs">{String(c.settings.wabaId)}</code>]);
  if (text(c.settings.displayPhoneNumber)) facts.push(["Number", `${c.settings.displayPhoneNumber}${text(c.settings.verifiedName) ? ` · ${c.settings.verifiedName}` : ""}`]);
  if (c.settings.webhookSubscribed === false) facts.push(["Webhooks", <span key="s" className="text-amber-700">Not subscribed: the token cannot manage the account, so incoming messages may not arrive.</span>]);
  if (text(c.settings.pageName)) facts.push([c.type === "instagram" ? "Account" : "Page", String(c.settings.pageName)]);
  if (text(c.settings.accountSidHint)) facts.push(["Twilio account", <code key="a" className="text-xs">{String(c.settings.accountSidHint)}</code>]);
  if (c.type === "email" && active) facts.push(["Sign-in", c.settings.auth === "google" ? "Google (OAuth)" : c.settings.auth === "microsoft" ? "Microsoft (OAuth)" : c.sandbox ? "None (sandbox)" : "IMAP/SMTP password"]);
  if (c.type === "email" && imap?.lastPollAt) facts.push(["Last mail check", when(imap.lastPollAt)]);
  facts.push(["Credentials", c.hasCredentials ? "Stored, encrypted" : c.type === "widget" ? "None needed" : active ? "None (sandbox)" : "Deleted"]);

  return (
    <>
      <nav aria-label="Breadcrumb" className="text-sm text-slate-600">
        <Link href={`/t/${slug}/settings/channels`} className="hover:underline">Channels</Link> <span aria-hidden="true">/</span> {c.name}
      </nav>
      <div className="mt-2 flex flex-wrap items-center gap-3">
        <ChannelIcon type={c.type} />
        <h1 className="text-2xl font-semibold">{c.name}</h1>
        <StatusBadge status={c.status} />
        {c.sandbox ? <SandboxBadge /> : null}
      </div>
      {search.connected ? (
        <p role="status" className="mt-4 rounded-md bg-emerald-50 p-3 text-sm text-emerald-900">
          {CHANNEL_TYPE_LABELS[c.type]} connected{c.sandbox ? " in sandbox mode: outgoing messages are recorded, not sent" : ""}.
        </p>
      ) : null}
      {!active ? (
        <div role="status" className="mt-4 flex flex-wrap items-center justify-between gap-3 rounded-md bg-slate-100 p-3 text-sm text-slate-700">
          <span>Disconnected: incoming messages are refused and the credentials were deleted.</span>
          {c.type !== "widget" ? (
            <Link href={`/t/${slug}/settings/channels/new/${c.type}?reconnect=${c.id}`} className="rounded-lg bg-brand-600 px-3 py-1.5 font-medium text-white hover:bg-brand-700">
              Reconnect
            </Link>
          ) : null}
        </div>
      ) : null}
      {c.status === "error" && imap?.lastError ? (
        <p role="alert" className="mt-4 rounded-md bg-red-50 p-3 text-sm text-red-800">{imap.lastError}</p>
      ) : null}

      <section aria-labelledby="details" className="mt-6 rounded-xl border border-slate-200 bg-white p-6">
        <div className="flex flex-wrap items-start justify-between gap-3">
          <h2 id="details" className="text-lg font-semibold">Details</h2>
          <Link href={`/t/${slug}/settings/channels/${c.id}/deliveries`} className="text-sm font-medium text-brand-700 hover:underline">
            Delivery log →
          </Link>
        </div>
        <dl className="mt-4 grid gap-x-6 gap-y-3 text-sm sm:grid-cols-[12rem_1fr]">
          {facts.map(([k, v]) => (
            <div key={k} className="contents">
              <dt className="text-slate-500">{k}</dt>
              <dd className="text-slate-900">{v}</dd>
            </div>
          ))}
          <dt className="text-slate-500">Last delivery</dt>
          <dd>{c.lastDelivery ? <span className="inline-flex items-center gap-2"><OutcomeBadge outcome={c.lastDelivery.outcome} /> <span className="text-xs text-slate-500">{when(c.lastDelivery.createdAt)}</span></span> : <span className="text-slate-500">None yet</span>}</dd>
        </dl>
        {imap?.lastError && c.status !== "error" ? <p role="alert" className="mt-4 rounded-md bg-amber-50 p-3 text-sm text-amber-900">Last mail check failed: {imap.lastError}</p> : null}
      </section>

      {active && c.type === "widget" ? (
        <>
          <section aria-labelledby="embed" className="mt-6 rounded-xl border border-slate-200 bg-white p-6">
            <h2 id="embed" className="text-lg font-semibold">Add the widget to your site</h2>
            <p className="mt-1 text-sm text-slate-600">Paste this before <code>&lt;/body&gt;</code> on every page where the chat should appear. It loads nothing from Sotto until a visitor opens the chat.</p>
            <div className="mt-4">
              <CopyField id="embed-snippet" label="Embed snippet" multiline value={embedSnippet(env.APP_URL, c.externalId, widgetSettingsFrom(c.settings))} />
            </div>
          </section>
          <section aria-labelledby="appearance" className="mt-6 rounded-xl border border-slate-200 bg-white p-6">
            <h2 id="appearance" className="text-lg font-semibold">Widget settings</h2>
            <div className="mt-5">
              <WidgetSettingsForm tenantId={tenant.id} channelId={c.id} settings={widgetSettingsFrom(c.settings)} />
            </div>
          </section>
        </>
      ) : null}
      {active && (c.type === "twilio_sms" || c.type === "twilio_whatsapp") ? <TwilioWebhookHelp webhookUrl={new URL("/api/webhooks/twilio", env.APP_URL).toString()} /> : null}
      {active && (c.type === "whatsapp" || c.type === "messenger" || c.type === "instagram") ? (
        <MetaWebhookHelp configured={Boolean(env.META_VERIFY_TOKEN && env.META_APP_SECRET)} callbackUrl={new URL("/api/webhooks/meta", env.APP_URL).toString()} product={CHANNEL_TYPE_LABELS[c.type]} />
      ) : null}

      {active ? (
        <section aria-labelledby="manage" className="mt-6 rounded-xl border border-slate-200 bg-white p-6">
          <h2 id="manage" className="text-lg font-semibold">Manage</h2>
          <div className="mt-4">
            <RenameForm tenantId={tenant.id} channelId={c.id} name={c.name} />
          </div>
          <div className="mt-6 border-t border-slate-200 pt-6">
            <h3 className="font-medium text-red-800">Disconnect</h3>
            <p className="mt-1 text-sm text-slate-600">Stops traffic immediately and deletes the stored credentials.</p>
            <div className="mt-3">
              <DisconnectButton tenantId={tenant.id} channelId={c.id} name={c.name} />
            </div>
          </div>
        </section>
      ) : null}
    </>
  );
}
