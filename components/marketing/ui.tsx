import Link from "next/link";
import type { ReactNode } from "react";
import { ArrowRightIcon } from "./icons";

export function Container({ children, className = "" }: { children: ReactNode; className?: string }) {
  return <div className={`mx-auto w-full max-w-6xl px-4 sm:px-6 lg:px-8 ${className}`}>{children}</div>;
}

const BUTTON_BASE =
  "inline-flex items-center justify-center gap-2 rounded-lg px-4 py-2.5 text-sm font-semibold transition-colors focus-visible:outline-2 focus-visible:outline-offset-2";
const BUTTON_VARIANTS = {
  primary: "bg-brand-600 text-white shadow-sm hover:bg-brand-700 focus-visible:outline-brand-600",
  secondary: "bg-white text-ink ring-1 ring-slate-300 ring-inset hover:bg-slate-50",
  inverted: "bg-white text-brand-700 shadow-sm hover:bg-brand-50 focus-visible:outline-white",
  ghostDark: "text-white ring-1 ring-white/40 ring-inset hover:bg-white/10 focus-visible:outline-white",
} as const;

export function ButtonLink({
  href,
  children,
  variant = "primary",
  arrow = false,
  className = "",
}: {
  href: string;
  children: ReactNode;
  variant?: keyof typeof BUTTON_VARIANTS;
  arrow?: boolean;
  className?: string;
}) {
  return (
    <Link href={href} className={`${BUTTON_BASE} ${BUTTON_VARIANTS[variant]} ${className}`}>
      {children}
      {arrow && <ArrowRightIcon className="size-4" />}
    </Link>
  );
}

export function Eyebrow({ children, tone = "light" }: { children: ReactNode; tone?: "light" | "dark" }) {
  const color = tone === "dark" ? "text-brand-100" : "text-brand-600";
  return <p className={`text-sm font-semibold tracking-wide uppercase ${color}`}>{children}</p>;
}

/** h2 by default; pages own their single h1. */
export function SectionHeading({
  id,
  eyebrow,
  title,
  lead,
  align = "left",
  tone = "light",
}: {
  id?: string;
  eyebrow?: string;
  title: ReactNode;
  lead?: ReactNode;
  align?: "left" | "center";
  tone?: "light" | "dark";
}) {
  const wrap = align === "center" ? "mx-auto max-w-2xl text-center" : "max-w-2xl";
  const titleColor = tone === "dark" ? "text-white" : "text-ink";
  const leadColor = tone === "dark" ? "text-slate-300" : "text-slate-600";
  return (
    <div className={wrap}>
      {eyebrow && <Eyebrow tone={tone}>{eyebrow}</Eyebrow>}
      <h2 id={id} className={`mt-2 text-3xl font-bold tracking-tight text-balance sm:text-4xl ${titleColor}`}>
        {title}
      </h2>
      {lead && <p className={`mt-4 text-lg leading-8 text-pretty ${leadColor}`}>{lead}</p>}
    </div>
  );
}

/** Top-of-page band for inner pages: carries the page's only h1. */
export function PageIntro({ eyebrow, title, lead, children }: { eyebrow?: string; title: ReactNode; lead?: ReactNode; children?: ReactNode }) {
  return (
    <div className="border-b border-slate-200 bg-linear-to-b from-brand-50 to-white">
      <Container className="py-16 sm:py-20">
        <div className="max-w-3xl">
          {eyebrow && <Eyebrow>{eyebrow}</Eyebrow>}
          <h1 className="mt-2 text-4xl font-bold tracking-tight text-balance text-ink sm:text-5xl">{title}</h1>
          {lead && <p className="mt-5 text-lg leading-8 text-pretty text-slate-600">{lead}</p>}
          {children}
        </div>
      </Container>
    </div>
  );
}

export function IconBadge({ children, tone = "light" }: { children: ReactNode; tone?: "light" | "dark" }) {
  const style = tone === "dark" ? "bg-white/10 text-brand-100 ring-white/15" : "bg-brand-50 text-brand-600 ring-brand-100";
  return <span className={`inline-flex size-10 items-center justify-center rounded-lg ring-1 ${style}`}>{children}</span>;
}
