import type { Metadata } from "next";
import { requireMember } from "@/lib/auth/guard";
import { hasRole } from "@/lib/auth/roles";
import { env } from "@/lib/env";
import { getTenantSettings } from "@/lib/tenants/settings";
import { WorkspaceSettingsForm } from "@/components/tenants/workspace-settings-form";

export const metadata: Metadata = { title: "Workspace settings" };

export default async function WorkspaceSettingsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const { tenant, role } = await requireMember(slug);
  const { name, settings } = await getTenantSettings(tenant.id);
  return (
    <>
      <h1 className="text-2xl font-semibold">Workspace settings</h1>
      <p className="mt-1 text-slate-600">
        {hasRole(role, "admin") ? "Changes are recorded in the audit log." : "Only admins and owners can change these settings."}
      </p>
      <div className="mt-6 rounded-xl border border-slate-200 bg-white p-6">
        <WorkspaceSettingsForm
          tenantId={tenant.id}
          canEdit={hasRole(role, "admin")}
          defaults={{ name, locale: settings.locale, timezone: settings.timezone, sessionIdleMinutes: settings.sessionIdleMinutes }}
          serverIdleMinutes={env.SESSION_IDLE_MINUTES}
        />
      </div>
    </>
  );
}
