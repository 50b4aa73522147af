import { requireMember } from "@/lib/auth/guard";
import { listMemberships } from "@/lib/auth/memberships";
import { DashboardShell } from "@/components/dashboard/shell";
import { SubprocessorBanner } from "@/components/privacy/subprocessor-banner";

export default async function TenantLayout({ children, params }: { children: React.ReactNode; params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const { user, tenant, role } = await requireMember(slug);
  const memberships = await listMemberships(user.id);
  return (
    <DashboardShell user={user} tenant={tenant} role={role} memberships={memberships}>
      <SubprocessorBanner tenantId={tenant.id} role={role} />
      {children}
    </DashboardShell>
  );
}
