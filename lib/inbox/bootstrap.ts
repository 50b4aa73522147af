import "server-only";
import { withTenant } from "@/lib/db/client";
import type { TRole } from "@/lib/auth/roles";
import type { TChannelType, TLabelDto } from "./types";

/**
 * Everything the inbox needs once per page load, in one transaction: members
 * (assignment, mentions), teams, labels, channels, canned responses.
 */
export type TInboxBootstrap = {
  members: { id: string; name: string | null; email: string; role: TRole }[];
  teams: { id: string; name: string }[];
  labels: TLabelDto[];
  channels: { id: string; type: TChannelType; name: string; sandbox: boolean; status: "active" | "disconnected" | "error" }[];
  cannedResponses: { id: string; shortcut: string; title: string; body: string }[];
};

export async function loadInboxBootstrap(tenantId: string): Promise<TInboxBootstrap> {
  return withTenant(tenantId, async (tx) => {
    const [members, teams, labels, channels, cannedResponses] = await Promise.all([
      tx.membership.findMany({ select: { role: true, user: { select: { id: true, name: true, email: true } } } }),
      tx.team.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } }),
      tx.label.findMany({ select: { id: true, name: true, color: true }, orderBy: { name: "asc" } }),
      tx.channel.findMany({ select: { id: true, type: true, name: true, sandbox: true, status: true }, orderBy: { name: "asc" } }),
      tx.cannedResponse.findMany({ select: { id: true, shortcut: true, title: true, body: true }, orderBy: { shortcut: "asc" } }),
    ]);
    return {
      members: members
        .map((m) => ({ id: m.user.id, name: m.user.name, email: m.user.email, role: m.role }))
        .sort((a, b) => (a.name ?? a.email).localeCompare(b.name ?? b.email)),
      teams,
      labels,
      channels,
      cannedResponses,
    };
  });
}
