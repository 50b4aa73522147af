import Link from "next/link";
import type { ComponentType, ReactNode } from "react";
import { formatLegalDate } from "@/lib/marketing/site";
import { Container } from "../ui";

export type TLegalSection = { id: string; title: string; Body: ComponentType };

/**
 * Typography for long legal text, applied from the wrapper so section bodies stay
 * plain markup. Child selectors (>) keep it from leaking into embedded tables.
 */
const PROSE = [
  "text-slate-700",
  "[&>p]:mt-4 [&>p]:leading-7",
  "[&>ul]:mt-4 [&>ul]:list-disc [&>ul]:space-y-2 [&>ul]:pl-6 [&>ul]:leading-7 [&>ol]:mt-4 [&>ol]:list-decimal [&>ol]:space-y-2 [&>ol]:pl-6",
  "[&_li]:marker:text-slate-400",
  "[&>h3]:mt-8 [&>h3]:font-semibold [&>h3]:text-ink",
  "[&_a]:font-medium [&_a]:text-brand-700 [&_a]:underline [&_a]:underline-offset-2 [&_a:hover]:text-brand-600",
  "[&_strong]:font-semibold [&_strong]:text-ink",
].join(" ");

export function LegalDocument({
  eyebrow = "Legal",
  title,
  updated,
  summary,
  sections,
  wide = false,
  children,
}: {
  eyebrow?: string;
  title: string;
  updated: string;
  summary: ReactNode;
  sections: readonly TLegalSection[];
  /** For documents built around a wide table; long prose keeps a readable line length. */
  wide?: boolean;
  children?: ReactNode;
}) {
  return (
    <>
      <div className="border-b border-slate-200 bg-linear-to-b from-brand-50 to-white">
        <Container className="py-14 sm:py-16">
          <p className="text-sm font-semibold tracking-wide text-brand-600 uppercase">{eyebrow}</p>
          <h1 className="mt-2 text-4xl font-bold tracking-tight text-ink sm:text-5xl">{title}</h1>
          <p className="mt-4 text-sm text-slate-600">
            Last updated <time dateTime={updated}>{formatLegalDate(updated)}</time>
          </p>
          <div className="mt-6 max-w-3xl rounded-2xl border border-brand-100 bg-white/70 p-5 text-base leading-7 text-slate-700">{summary}</div>
        </Container>
      </div>
      <Container className="grid gap-12 py-14 lg:grid-cols-[15rem_minmax(0,1fr)]">
        <nav aria-label="Contents" className="lg:sticky lg:top-24 lg:self-start">
          <p className="text-sm font-semibold text-ink">On this page</p>
          <ol className="mt-3 space-y-1 border-l border-slate-200 text-sm">
            {sections.map((s) => (
              <li key={s.id}>
                <Link href={`#${s.id}`} className="-ml-px block border-l border-transparent py-1 pl-4 text-slate-600 hover:border-brand-500 hover:text-brand-700">
                  {s.title}
                </Link>
              </li>
            ))}
          </ol>
        </nav>
        <div className={wide ? "min-w-0" : "max-w-3xl"}>
          {sections.map((s, i) => (
            <section key={s.id} id={s.id} aria-labelledby={`${s.id}-title`} className={`scroll-mt-24 ${i > 0 ? "mt-14" : ""}`}>
              <h2 id={`${s.id}-title`} className="text-2xl font-bold tracking-tight text-ink">
                <span className="mr-2 text-brand-600">{i + 1}.</span>
                {s.title}
              </h2>
              <div className={PROSE}>
                <s.Body />
              </div>
            </section>
          ))}
          {children}
        </div>
      </Container>
    </>
  );
}
