import Link from "next/link";
import { ChainIcon, ClockIcon, CookieIcon, DatabaseIcon, KeyIcon, MicIcon, UserCheckIcon } from "../icons";
import { Container, IconBadge, SectionHeading } from "../ui";

const CONTROLS = [
  { icon: CookieIcon, title: "Cookie consent manager", text: "Equal-weight accept and reject buttons; nothing optional runs before a choice." },
  { icon: UserCheckIcon, title: "Data-subject-rights portal", text: "People verify by email and download, correct or erase their data without a support ticket." },
  { icon: ClockIcon, title: "Retention with automatic purges", text: "Every data category has a period, and a scheduled job deletes what has expired." },
  { icon: MicIcon, title: "Recording and voice-cloning consent", text: "Calls are recorded only after an announcement; cloned voices need the owner's written, revocable consent." },
  { icon: DatabaseIcon, title: "Tenant isolation in the database", text: "PostgreSQL row-level security scopes every query to one tenant, even if application code slips." },
  { icon: KeyIcon, title: "Encrypted secrets", text: "Channel tokens and API keys are sealed with AES-256-GCM under keys that rotate." },
  { icon: ChainIcon, title: "Tamper-evident audit trail", text: "Each audit entry carries the hash of the one before, so edits and gaps show up." },
];

export function PrivacyByCode() {
  return (
    <section aria-labelledby="privacy-title" className="py-20 sm:py-24">
      <Container>
        <div className="flex flex-col gap-6 lg:flex-row lg:items-end lg:justify-between">
          <SectionHeading
            id="privacy-title"
            eyebrow="Privacy by code"
            title="Compliance that runs, not a policy that hopes"
            lead="The promises in our privacy policy are features with tests behind them. When the policy says twelve months, a job deletes on day one of month thirteen."
          />
          <Link href="/security" className="shrink-0 text-sm font-semibold text-brand-700 hover:underline">
            Read the security overview <span aria-hidden="true">→</span>
          </Link>
        </div>
        <ul className="mt-14 grid gap-px overflow-hidden rounded-2xl border border-slate-200 bg-slate-200 sm:grid-cols-2 lg:grid-cols-4">
          {CONTROLS.map((c) => (
            <li key={c.title} className="bg-white p-6">
              <IconBadge>
                <c.icon />
              </IconBadge>
              <h3 className="mt-4 font-semibold text-ink">{c.title}</h3>
              <p className="mt-2 text-sm leading-6 text-slate-600">{c.text}</p>
            </li>
          ))}
          <li className="flex flex-col justify-between bg-brand-600 p-6 text-white">
            <p className="font-semibold">See exactly how long we keep each kind of data.</p>
            <Link href="/legal/privacy#retention" className="mt-4 text-sm font-semibold text-white underline underline-offset-4 hover:text-brand-100">
              Retention schedule
            </Link>
          </li>
        </ul>
      </Container>
    </section>
  );
}
