import type { Metadata } from "next";
import { CtaBand } from "@/components/marketing/cta-band";
import { PlanCards } from "@/components/marketing/pricing/plan-cards";
import { PlanMatrix } from "@/components/marketing/pricing/plan-matrix";
import { PricingFaq } from "@/components/marketing/pricing/pricing-faq";
import { Container, PageIntro, SectionHeading } from "@/components/marketing/ui";

export const metadata: Metadata = {
  title: "Pricing",
  description: "Starter, Growth and Enterprise plans in euros, each with the privacy center, retention purges and a data processing agreement included.",
};

export default function PricingPage() {
  return (
    <>
      <PageIntro
        eyebrow="Pricing"
        title="Simple plans. Privacy included in every one."
        lead="Consent tools, retention purges and the rights portal are not upsells. Pick a plan for the size of your team and the channels you use."
      />
      <Container className="-mt-2 py-16">
        <PlanCards />
      </Container>
      <section aria-labelledby="compare-title" className="pb-16">
        <Container>
          <h2 id="compare-title" className="sr-only">
            Plan comparison
          </h2>
          <PlanMatrix />
        </Container>
      </section>
      <section aria-labelledby="faq-title" className="pb-8">
        <Container className="grid gap-10 lg:grid-cols-[1fr_2fr]">
          <SectionHeading id="faq-title" eyebrow="Questions" title="Billing, plainly" />
          <PricingFaq />
        </Container>
      </section>
      <CtaBand />
    </>
  );
}
