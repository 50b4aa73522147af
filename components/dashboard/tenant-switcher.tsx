import Link from "next/link";
import type { TMembershipSummary } from "@/lib/auth/memberships";
import { ROLE_LABELS } from "@/lib/auth/roles";

/** A disclosure of the user's workspaces: works without JavaScript and by keyboard. */
export function TenantSwitcher({ current, memberships }: { current: { slug: string; name: string }; memberships: TMembershipSummary[] }) {
  return (
    <details className="group relative mt-3">
      <summary className="flex cursor-pointer list-none items-center justify-between rounded-lg border border-slate-200 px-3 py-2 text-sm hover:bg-slate-50">
        <span>
          <span className="sr-only">Current workspace: </span>
          <span className="font-medium">{current.name}</span>
        </span>
        <span aria-hidden="true" className="text-slate-400 group-open:rotate-180">
          ▾
        </span>
      </summary>
      <div className="absolute z-20 mt-1 w-full rounded-lg border border-slate-200 bg-white p-1 shadow-lg">
        <p className="px-2 py-1 text-xs text-slate-500">Switch workspace</p>
        <ul aria-label="Your workspaces">
          {memberships.map((m) => (
            <li key={m.tenantId}>
              <Link
                href={`/t/${m.tenantSlug}`}
                aria-current={m.tenantSlug === current.slug ? "true" : undefined}
                className="flex justify-between rounded-md px-2 py-1.5 text-sm hover:bg-slate-100"
              >
                <span>{m.tenantName}</span>
                <span className="text-xs text-slate-500">{ROLE_LABELS[m.role]}</span>
              </Link>
            </li>
          ))}
        </ul>
        <Link href="/onboarding" className="mt-1 block rounded-md border-t border-slate-100 px-2 py-1.5 text-sm text-brand-600 hover:bg-slate-100">
          + New workspace
        </Link>
      </div>
    </details>
  );
}
