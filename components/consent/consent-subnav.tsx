import Link from "next/link";

/** Settings and log of the consent manager; the log is open to analysts, settings to admins. */
export function ConsentSubnav({ slug, current, isAdmin }: { slug: string; current: "settings" | "log"; isAdmin: boolean }) {
  const base = `/t/${encodeURIComponent(slug)}/privacy/consent`;
  const items = [...(isAdmin ? [{ key: "settings", href: base, label: "Settings" }] : []), { key: "log", href: `${base}/log`, label: "Consent log" }];
  return (
    <nav aria-label="Consent manager" className="mt-4 flex gap-1 border-b border-slate-200">
      {items.map((i) => (
        <Link
          key={i.key}
          href={i.href}
          aria-current={current === i.key ? "page" : undefined}
          className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium ${current === i.key ? "border-brand-600 text-brand-700" : "border-transparent text-slate-600 hover:text-slate-900"}`}
        >
          {i.label}
        </Link>
      ))}
    </nav>
  );
}
