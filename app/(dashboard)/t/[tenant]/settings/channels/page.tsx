import type { Metadata } from "next";
import Link from "next/link";
import { requireMember } from "@/lib/auth/guard";
import { listChannels } from "@/lib/channels/queries";
import { CHANNEL_TYPE_BLURBS, CHANNEL_TYPE_LABELS, CHANNEL_TYPES, displayRoutingKey, routingKeyLabel } from "@/lib/channels/types";
import { OutcomeBadge, SandboxBadge, StatusBadge } from "@/components/channels/badges";
import { ChannelIcon } from "@/components/channels/channel-icon";

export const metadata: Metadata = { title: "Channels" };

const when = (d: Date) => d.toISOString().slice(0, 16).replace("T", " ") + " UTC";

export default async function ChannelsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const { tenant } = await requireMember(slug, "admin");
  const channels = await listChannels(tenant.id);
  return (
    <>
      <h1 className="text-2xl font-semibold">Channels</h1>
      <p className="mt-1 text-slate-600">Where customers reach you. Credentials are encrypted at rest and deleted when you disconnect; every change is in the audit log.</p>

      <section aria-labelledby="connected" className="mt-6">
        <h2 id="connected" className="text-lg font-semibold">
          {channels.length ? `${channels.length} channel${channels.length === 1 ? "" : "s"}` : "No channels yet"}
        </h2>
        {channels.length ? (
          <div className="mt-3 overflow-x-auto rounded-xl border border-slate-200 bg-white">
            <table className="w-full text-sm">
              <thead className="bg-slate-50 text-left text-slate-600">
                <tr>
                  <th scope="col" className="px-4 py-2 font-medium">Channel</th>
                  <th scope="col" className="px-4 py-2 font-medium">Status</th>
                  <th scope="col" className="px-4 py-2 font-medium">Routing id</th>
                  <th scope="col" className="px-4 py-2 font-medium">Last delivery</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-200">
                {channels.map((c) => (
                  <tr key={c.id} className={c.status === "disconnected" ? "text-slate-500" : undefined}>
                    <td className="px-4 py-3">
                      <div className="flex items-center gap-3">
                        <ChannelIcon type={c.type} />
                        <div className="min-w-0">
                          <Link href={`/t/${slug}/settings/channels/${c.id}`} className="font-medium text-slate-900 hover:underline">
                            {c.name}
                          </Link>
                          <div className="text-xs text-slate-500">{CHANNEL_TYPE_LABELS[c.type]}</div>
                        </div>
                      </div>
                    </td>
                    <td className="px-4 py-3">
                      <div className="flex flex-wrap items-center gap-1.5">
                        <StatusBadge status={c.status} />
                        {c.sandbox ? <SandboxBadge /> : null}
                      </div>
                    </td>
                    <td className="px-4 py-3">
                      <span className="sr-only">{routingKeyLabel(c.type)}: </span>
                      <code className="break-all text-xs text-slate-700">{displayRoutingKey(c.externalId)}</code>
                    </td>
                    <td className="px-4 py-3">
                      {c.lastDelivery ? (
                        <Link href={`/t/${slug}/settings/channels/${c.id}/deliveries`} className="group inline-flex flex-col gap-0.5" aria-label={`Delivery log of ${c.name}`}>
                          <OutcomeBadge outcome={c.lastDelivery.outcome} />
                          <span className="text-xs text-slate-500 group-hover:underline">{when(c.lastDelivery.createdAt)}</span>
                        </Link>
                      ) : (
                        <span className="text-xs text-slate-500">None yet</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="mt-2 text-sm text-slate-600">Connect a channel below; a sandbox channel works without any provider account.</p>
        )}
      </section>

      <section aria-labelledby="connect" className="mt-8">
        <h2 id="connect" className="text-lg font-semibold">Connect a channel</h2>
        <ul className="mt-3 grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
          {CHANNEL_TYPES.map((type) => (
            <li key={type}>
              <Link href={`/t/${slug}/settings/channels/new/${type}`} className="flex h-full gap-3 rounded-xl border border-slate-200 bg-white p-4 transition hover:border-brand-500 hover:shadow-sm">
                <ChannelIcon type={type} />
                <span>
                  <span className="block font-medium text-slate-900">{CHANNEL_TYPE_LABELS[type]}</span>
                  <span className="mt-0.5 block text-sm text-slate-600">{CHANNEL_TYPE_BLURBS[type]}</span>
                </span>
              </Link>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
