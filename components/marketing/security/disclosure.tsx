import { COMPANY } from "@/lib/marketing/site";
import { MailIcon } from "../icons";

const ASKS = [
  "Give us a reasonable time to fix the issue before you tell anyone else; we aim to confirm receipt within two working days.",
  "Use only your own accounts or test workspaces, and stop as soon as you reach data that is not yours.",
  "Do not run denial-of-service, spam or social-engineering tests against us or our customers.",
];

export function Disclosure() {
  return (
    <section id="disclosure" aria-labelledby="disclosure-title" className="scroll-mt-20 rounded-3xl bg-ink p-8 text-white sm:p-12">
      <div className="grid gap-10 lg:grid-cols-[1.2fr_1fr]">
        <div>
          <h2 id="disclosure-title" className="text-2xl font-bold tracking-tight sm:text-3xl">
            Found a vulnerability? Tell us.
          </h2>
          <p className="mt-4 leading-7 text-slate-300">
            We welcome reports from security researchers. Write to us with the steps to reproduce the issue, the affected URL or component and the
            impact you expect. We will keep you updated while we work on a fix and credit you if you wish.
          </p>
          <a
            href={`mailto:${COMPANY.securityEmail}`}
            className="mt-6 inline-flex items-center gap-2 rounded-lg bg-white px-4 py-2.5 text-sm font-semibold text-ink hover:bg-brand-50 focus-visible:outline-white"
          >
            <MailIcon className="size-4" />
            {COMPANY.securityEmail}
          </a>
        </div>
        <div>
          <h3 className="font-semibold text-brand-100">Good-faith research</h3>
          <p className="mt-2 text-sm leading-6 text-slate-300">We will not pursue legal action for research that follows these rules:</p>
          <ul className="mt-4 space-y-3 text-sm leading-6 text-slate-200">
            {ASKS.map((a) => (
              <li key={a} className="flex gap-2">
                <span aria-hidden="true" className="mt-2.5 size-1.5 shrink-0 rounded-full bg-brand-100" />
                {a}
              </li>
            ))}
          </ul>
        </div>
      </div>
    </section>
  );
}
