import Link from "next/link";
import type { TRole } from "@/lib/auth/roles";
import { ROLE_LABELS } from "@/lib/auth/roles";
import type { TMembershipSummary } from "@/lib/auth/memberships";
import type { TSessionUser } from "@/lib/auth/session";
import { navFor } from "./nav";
import { NavLink } from "./nav-link";
import { TenantSwitcher } from "./tenant-switcher";
import { SignOutButton } from "./sign-out-button";

export function DashboardShell({
  user,
  tenant,
  role,
  memberships,
  children,
}: {
  user: TSessionUser;
  tenant: { id: string; slug: string; name: string };
  role: TRole;
  memberships: TMembershipSummary[];
  children: React.ReactNode;
}) {
  const items = navFor(role);
  const section = (group: "main" | "settings" | "privacy") =>
    items
      .filter((i) => i.group === group)
      .map((i) => (
        <li key={i.label}>
          <NavLink href={i.href(tenant.slug)}>{i.label}</NavLink>
        </li>
      ));
  return (
    <div className="min-h-screen bg-slate-50 md:grid md:grid-cols-[16rem_1fr]">
      <a href="#content" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-10 focus:rounded focus:bg-white focus:p-2">
        Skip to content
      </a>
      <aside className="border-b border-slate-200 bg-white md:min-h-screen md:border-b-0 md:border-r">
        <div className="p-4">
          <Link href="/app" className="text-lg font-semibold tracking-tight">
            Sotto
          </Link>
          <TenantSwitcher current={tenant} memberships={memberships} />
        </div>
        <nav aria-label="Dashboard" className="px-2 pb-4 text-sm">
          <ul className="space-y-1">{section("main")}</ul>
          <p className="mt-6 px-3 text-xs font-semibold uppercase tracking-wide text-slate-500">Settings</p>
          <ul className="mt-2 space-y-1">{section("settings")}</ul>
          {items.some((i) => i.group === "privacy") ? (
            <>
              <p className="mt-6 px-3 text-xs font-semibold uppercase tracking-wide text-slate-500">Privacy</p>
              <ul className="mt-2 space-y-1">{section("privacy")}</ul>
            </>
          ) : null}
        </nav>
      </aside>
      <div className="flex min-w-0 flex-col">
        <header className="flex items-center justify-end gap-4 border-b border-slate-200 bg-white px-6 py-3 text-sm">
          <span className="text-slate-600">
            {user.email} · <span className="font-medium text-slate-800">{ROLE_LABELS[role]}</span>
          </span>
          <SignOutButton />
        </header>
        <main id="content" className="mx-auto w-full max-w-5xl flex-1 p-6 has-[[data-full-bleed]]:max-w-none has-[[data-full-bleed]]:p-0">
          {children}
        </main>
      </div>
    </div>
  );
}
