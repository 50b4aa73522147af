import { formatMonthlyPrice, PLANS } from "@/lib/marketing/plans";
import { CheckIcon } from "../icons";
import { ButtonLink } from "../ui";

export function PlanCards() {
  return (
    <ul className="grid gap-6 lg:grid-cols-3">
      {PLANS.map((plan) => (
        <li
          key={plan.id}
          className={`relative flex flex-col rounded-3xl bg-white p-8 ${plan.featured ? "shadow-xl ring-2 ring-brand-600" : "shadow-sm ring-1 ring-slate-200"}`}
        >
          {plan.featured && (
            <p className="absolute -top-3 left-8 rounded-full bg-brand-600 px-3 py-0.5 text-xs font-semibold text-white">Most popular</p>
          )}
          <h2 className="text-lg font-semibold text-ink">{plan.name}</h2>
          <p className="mt-2 min-h-12 text-sm leading-6 text-slate-600">{plan.tagline}</p>
          <p className="mt-6 flex items-baseline gap-1">
            <span className="text-4xl font-bold tracking-tight text-ink">{formatMonthlyPrice(plan)}</span>
            <span className="text-sm font-medium text-slate-600">per month, excl. VAT</span>
          </p>
          <ButtonLink href={plan.cta.href} variant={plan.featured ? "primary" : "secondary"} className="mt-6">
            {plan.cta.label}
            <span className="sr-only"> with {plan.name}</span>
          </ButtonLink>
          <ul className="mt-8 space-y-3 text-sm text-slate-700">
            {plan.highlights.map((h) => (
              <li key={h} className="flex gap-3">
                <CheckIcon className="mt-0.5 size-4 shrink-0 text-brand-600" />
                {h}
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ul>
  );
}
