import { SIGN_IN_HREF } from "@/lib/marketing/site";
import { ButtonLink, Container } from "./ui";

export function CtaBand({
  title = "Give your team one inbox and your customers a privacy policy you can prove.",
  lead = "Set up a workspace, connect a channel and switch on an AI agent in an afternoon.",
}: {
  title?: string;
  lead?: string;
}) {
  return (
    <section aria-labelledby="cta-title" className="py-20 sm:py-24">
      <Container>
        <div className="relative overflow-hidden rounded-3xl bg-brand-700 px-6 py-14 text-center shadow-xl sm:px-16">
          <div aria-hidden="true" className="pointer-events-none absolute -top-24 -left-24 size-72 rounded-full bg-brand-500/40 blur-3xl" />
          <div aria-hidden="true" className="pointer-events-none absolute -right-24 -bottom-24 size-72 rounded-full bg-brand-600/60 blur-3xl" />
          <h2 id="cta-title" className="relative mx-auto max-w-2xl text-3xl font-bold tracking-tight text-balance text-white sm:text-4xl">
            {title}
          </h2>
          <p className="relative mx-auto mt-4 max-w-xl text-lg text-brand-100">{lead}</p>
          <div className="relative mt-8 flex flex-wrap justify-center gap-3">
            <ButtonLink href={SIGN_IN_HREF} variant="inverted" arrow>
              Start free
            </ButtonLink>
            <ButtonLink href="/pricing" variant="ghostDark">
              See pricing
            </ButtonLink>
          </div>
        </div>
      </Container>
    </section>
  );
}
