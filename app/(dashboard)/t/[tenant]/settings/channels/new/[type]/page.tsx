import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireMember } from "@/lib/auth/guard";
import { env } from "@/lib/env";
import { getChannel } from "@/lib/channels/queries";
import { CHANNEL_TYPE_LABELS, CHANNEL_TYPES, displayRoutingKey } from "@/lib/channels/types";
import { graphVersion } from "@/lib/channels/providers/meta-graph";
import { oauthConfigured } from "@/lib/email-channel/oauth";
import { DEFAULT_WIDGET_SETTINGS } from "@/lib/widget/settings";
import { TwilioForm } from "@/components/channels/twilio-form";
import { MetaPageForm } from "@/components/channels/meta-page-form";
import { WhatsAppManualForm } from "@/components/channels/whatsapp-form";
import { EmbeddedSignup } from "@/components/channels/embedded-signup";
import { EmailForm } from "@/components/channels/email-form";
import { EmailOAuthButtons } from "@/components/channels/email-oauth-buttons";
import { WidgetConnectForm } from "@/components/channels/widget-form";
import { MetaWebhookHelp, TwilioWebhookHelp } from "@/components/channels/setup-help";

export const metadata: Metadata = { title: "Connect a channel" };

const Card = ({ title, children, description }: { title: string; description?: string; children: React.ReactNode }) => (
  <section className="mt-6 rounded-xl border border-slate-200 bg-white p-6">
    <h2 className="text-lg font-semibold">{title}</h2>
    {description ? <p className="mt-1 text-sm text-slate-600">{description}</p> : null}
    <div className="mt-5">{children}</div>
  </section>
);

export default async function ConnectChannelPage({ params, searchParams }: { params: Promise<{ tenant: string; type: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { tenant: slug, type: rawType } = await params;
  const search = await searchParams;
  const { tenant } = await requireMember(slug, "admin");
  const type = CHANNEL_TYPES.find((t) => t === rawType);
  if (!type) notFound();

  // Reconnecting a disconnected channel: the same routing id, credentials entered again.
  const reconnectId = typeof search.reconnect === "string" ? search.reconnect : null;
  const previous = reconnectId ? await getChannel(tenant.id, reconnectId) : null;
  const prev = previous && previous.type === type && previous.status === "disconnected" ? previous : null;
  const d = prev ? { name: prev.name, externalId: displayRoutingKey(prev.externalId), wabaId: typeof prev.settings.wabaId === "string" ? prev.settings.wabaId : undefined } : undefined;
  const oauthError = typeof search.oauthError === "string" ? search.oauthError.slice(0, 400) : null;

  const embedded = env.META_APP_ID && env.META_EMBEDDED_SIGNUP_CONFIG_ID && env.META_APP_SECRET ? { appId: env.META_APP_ID, configId: env.META_EMBEDDED_SIGNUP_CONFIG_ID } : null;
  const oauthProviders = (["google", "microsoft"] as const).filter(oauthConfigured).map((id) => ({ id, label: id === "google" ? "Gmail" : "Outlook" }));

  return (
    <>
      <nav aria-label="Breadcrumb" className="text-sm text-slate-600">
        <Link href={`/t/${slug}/settings/channels`} className="hover:underline">Channels</Link> <span aria-hidden="true">/</span> Connect
      </nav>
      <h1 className="mt-2 text-2xl font-semibold">{prev ? `Reconnect ${prev.name}` : `Connect ${CHANNEL_TYPE_LABELS[type]}`}</h1>
      {prev ? <p className="mt-1 text-slate-600">The credentials were deleted when this channel was disconnected: enter them again. Its conversations come back with it.</p> : null}

      {type === "whatsapp" ? (
        <>
          {embedded ? (
            <Card title="Connect with Facebook" description="Recommended: pick or create your WhatsApp Business Account and number in Meta's sign-up. Sotto subscribes to its webhooks and registers the number for you.">
              <EmbeddedSignup tenantId={tenant.id} slug={slug} appId={embedded.appId} configId={embedded.configId} version={graphVersion()} />
            </Card>
          ) : null}
          <Card title={embedded ? "Or enter the details by hand" : "Enter your WhatsApp Cloud API details"} description="For numbers you already manage in Meta Business Manager.">
            <WhatsAppManualForm tenantId={tenant.id} slug={slug} defaults={d} />
          </Card>
          <MetaWebhookHelp configured={Boolean(env.META_VERIFY_TOKEN && env.META_APP_SECRET)} callbackUrl={new URL("/api/webhooks/meta", env.APP_URL).toString()} product="WhatsApp" />
        </>
      ) : null}

      {type === "messenger" || type === "instagram" ? (
        <>
          <Card title={type === "instagram" ? "Instagram professional account" : "Facebook Page"}>
            <MetaPageForm tenantId={tenant.id} slug={slug} type={type} defaults={d} />
          </Card>
          <MetaWebhookHelp configured={Boolean(env.META_VERIFY_TOKEN && env.META_APP_SECRET)} callbackUrl={new URL("/api/webhooks/meta", env.APP_URL).toString()} product={type === "instagram" ? "Instagram" : "Messenger"} />
        </>
      ) : null}

      {type === "twilio_sms" || type === "twilio_whatsapp" ? (
        <>
          <Card title="Twilio account">
            <TwilioForm tenantId={tenant.id} slug={slug} type={type} defaults={d ? { name: d.name, ...(d.externalId.startsWith("MG") ? { messagingServiceSid: d.externalId } : { phoneNumber: d.externalId }) } : undefined} />
          </Card>
          <TwilioWebhookHelp webhookUrl={new URL("/api/webhooks/twilio", env.APP_URL).toString()} />
        </>
      ) : null}

      {type === "email" ? (
        <>
          {oauthError ? (
            <p role="alert" className="mt-6 rounded-md bg-red-50 p-3 text-sm text-red-800">
              {oauthError}
            </p>
          ) : null}
          {oauthProviders.length ? (
            <Card title="Sign in with your mail provider" description="No password is stored: Sotto keeps a revocable token, encrypted. You can revoke it any time in your Google or Microsoft account.">
              <EmailOAuthButtons tenantId={tenant.id} providers={oauthProviders} />
            </Card>
          ) : null}
          <Card title={oauthProviders.length ? "Or use IMAP and SMTP" : "IMAP and SMTP"} description="Sotto logs in to both servers before saving, reads new mail every minute (read-only: nothing is marked as read), and sends replies through your SMTP server.">
            <EmailForm tenantId={tenant.id} slug={slug} defaults={d ? { name: d.name, address: d.externalId } : undefined} />
          </Card>
        </>
      ) : null}

      {type === "widget" ? (
        <Card title="Website chat widget" description="You get a snippet to paste into your site. It only runs on the websites you list here.">
          <WidgetConnectForm tenantId={tenant.id} slug={slug} defaults={DEFAULT_WIDGET_SETTINGS} />
        </Card>
      ) : null}
    </>
  );
}
