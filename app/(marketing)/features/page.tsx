import type { Metadata } from "next";
import Link from "next/link";
import { CtaBand } from "@/components/marketing/cta-band";
import { FEATURE_GROUP_LINKS, FeatureGroups } from "@/components/marketing/features/feature-groups";
import { PageIntro } from "@/components/marketing/ui";

export const metadata: Metadata = {
  title: "Features",
  description:
    "Omnichannel inbox, AI agents with human handoff, order and booking look-ups, a privacy center with consent and retention, and a voice gateway for phone calls.",
};

export default function FeaturesPage() {
  return (
    <>
      <PageIntro
        eyebrow="Features"
        title="Everything a support team needs, with privacy switched on"
        lead="Sotto combines a shared inbox, AI agents and the privacy tooling that usually lives in separate products, on one data model with one set of rules."
      >
        <nav aria-label="Feature areas" className="mt-8">
          <ul className="flex flex-wrap gap-2">
            {FEATURE_GROUP_LINKS.map((g) => (
              <li key={g.id}>
                <Link href={`#${g.id}`} className="inline-block rounded-full bg-white px-3 py-1.5 text-sm font-medium text-slate-700 ring-1 ring-slate-200 hover:text-brand-700 hover:ring-brand-100">
                  {g.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      </PageIntro>
      <FeatureGroups />
      <CtaBand title="See it working on your own channels." lead="Create a free workspace, connect a test channel and switch on an AI agent. No card needed to start." />
    </>
  );
}
