import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { requireMember } from "@/lib/auth/guard";
import { withTenant } from "@/lib/db/client";
import { env } from "@/lib/env";
import { normalizeOrigin } from "@/lib/widget/origins";
import { embedSnippet, widgetSettingsFrom } from "@/lib/widget/settings";

export const metadata: Metadata = { title: "Try the website chat" };

/**
 * A page of this workspace's own site stand-in that embeds the website chat
 * widget exactly as a customer's site would (the one-line snippet), so agents
 * and demo visitors can play the visitor: write here, answer in the inbox.
 * Works when this deployment's origin is an allowed origin of the widget (the
 * demo seed adds it).
 */
export default async function TryWidgetPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const { tenant } = await requireMember(slug, "agent");
  const channel = await withTenant(tenant.id, (tx) =>
    tx.channel.findFirst({ where: { type: "widget", status: "active" }, orderBy: { createdAt: "asc" }, select: { id: true, name: true, externalId: true, settings: true } }),
  );
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  const origin = normalizeOrigin(env.APP_URL);
  const settings = channel ? widgetSettingsFrom(channel.settings) : null;
  const allowed = Boolean(origin && settings?.allowedOrigins.includes(origin));

  return (
    <div className="mx-auto max-w-3xl p-8">
      <p className="text-sm">
        <Link href={`/t/${tenant.slug}/inbox`} className="text-brand-700 hover:underline">
          ← Back to the inbox
        </Link>
      </p>
      <h1 className="mt-2 text-2xl font-semibold">Try the website chat</h1>
      {!channel ? (
        <p className="mt-4 text-slate-600">
          No website chat is connected. An admin can add one at{" "}
          <Link href={`/t/${tenant.slug}/settings/channels`} className="text-brand-700 hover:underline">
            Settings → Channels
          </Link>
          .
        </p>
      ) : (
        <>
          <p className="mt-2 text-slate-600">
            This page embeds <strong>{channel.name}</strong> the way your website would. Click the chat button in the corner, write as a visitor, then answer from the{" "}
            <a href={`/t/${tenant.slug}/inbox`} target="_blank" rel="noopener" className="text-brand-700 hover:underline">
              inbox in another tab
            </a>
            : the reply appears here live.
          </p>
          {!allowed ? (
            <p role="alert" className="mt-4 rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
              {origin ?? "This site"} is not an allowed origin of this widget, so the chat will refuse to open here. Add it under Settings → Channels → {channel.name}.
            </p>
          ) : null}
          <h2 className="mt-6 text-sm font-semibold">The snippet on this page</h2>
          <pre className="mt-2 overflow-x-auto rounded-lg bg-slate-900 p-3 text-xs text-slate-100">
            <code>{embedSnippet(env.APP_URL, channel.externalId, settings!)}</code>
          </pre>
          <script
            src="/widget.js"
            data-sotto-key={channel.externalId}
            data-sotto-color={settings!.brandColor}
            data-sotto-position={settings!.position}
            data-sotto-label={settings!.launcherLabel || undefined}
            nonce={nonce}
            async
          />
        </>
      )}
    </div>
  );
}
