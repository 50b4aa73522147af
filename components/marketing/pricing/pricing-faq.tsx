import Link from "next/link";
import type { ReactNode } from "react";

const FAQ: Array<{ q: string; a: ReactNode }> = [
  { q: "Are prices shown with VAT?", a: "No. Prices are monthly, in euros and exclude VAT, which is added according to your billing country." },
  {
    q: "What happens if we go over our AI reply allowance?",
    a: "The AI agent pauses and new conversations go straight to your team. Nothing is billed automatically; you can move to a larger plan at any time.",
  },
  {
    q: "Is AI switched on by default?",
    a: (
      <>
        No. AI features and the external model provider are used only after an admin turns them on for the workspace. See our{" "}
        <Link href="/legal/subprocessors" className="font-medium text-brand-700 underline">
          sub-processor list
        </Link>
        .
      </>
    ),
  },
  {
    q: "Do all plans include the data processing agreement?",
    a: (
      <>
        Yes. Every plan is covered by our{" "}
        <Link href="/legal/dpa" className="font-medium text-brand-700 underline">
          DPA
        </Link>
        . Enterprise customers can negotiate additional terms such as audit scheduling and residency.
      </>
    ),
  },
  { q: "Can we cancel at any time?", a: "Yes. Plans renew monthly. After cancellation you can export your data before it is deleted on the schedule in our privacy policy." },
];

export function PricingFaq() {
  return (
    <div className="divide-y divide-slate-200 rounded-2xl border border-slate-200 bg-white">
      {FAQ.map((item) => (
        <details key={item.q} className="group px-6 py-5">
          <summary className="flex cursor-pointer list-none items-center justify-between gap-4 rounded font-semibold text-ink [&::-webkit-details-marker]:hidden">
            {item.q}
            <span aria-hidden="true" className="text-xl leading-none text-brand-600 transition-transform group-open:rotate-45">
              +
            </span>
          </summary>
          <p className="mt-3 text-sm leading-6 text-slate-600">{item.a}</p>
        </details>
      ))}
    </div>
  );
}
