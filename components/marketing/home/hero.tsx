import { SIGN_IN_HREF } from "@/lib/marketing/site";
import { CheckIcon } from "../icons";
import { ButtonLink, Container } from "../ui";
import { ProductPreview } from "./product-preview";

const ASSURANCES = ["Hosted in the EU", "No tracking cookies", "Your data never trains a model"];

export function Hero() {
  return (
    <section aria-labelledby="hero-title" className="relative overflow-hidden bg-linear-to-b from-brand-50 via-white to-white">
      <div aria-hidden="true" className="pointer-events-none absolute -top-40 right-0 size-[36rem] rounded-full bg-brand-100/60 blur-3xl" />
      <Container className="relative grid items-center gap-14 py-16 sm:py-24 lg:grid-cols-[1fr_1.1fr]">
        <div>
          <p className="inline-flex items-center gap-2 rounded-full bg-white px-3 py-1 text-sm font-medium text-brand-700 ring-1 ring-brand-100">
            <span className="size-1.5 rounded-full bg-brand-500" aria-hidden="true" />
            Conversational AI with privacy enforced in code
          </p>
          <h1 id="hero-title" className="mt-6 text-4xl font-bold tracking-tight text-balance text-ink sm:text-5xl xl:text-6xl">
            Every customer conversation. One private inbox.
          </h1>
          <p className="mt-6 max-w-xl text-lg leading-8 text-pretty text-slate-600">
            Sotto gathers website chat, WhatsApp, Messenger, Instagram, SMS, email and phone calls into one workspace. AI agents settle the routine
            questions and pass the rest to your team, while consent, retention and data-subject requests are handled by the platform instead of
            a spreadsheet.
          </p>
          <div className="mt-8 flex flex-wrap items-center gap-3">
            <ButtonLink href={SIGN_IN_HREF} arrow>
              Start free
            </ButtonLink>
            <ButtonLink href="/features" variant="secondary">
              Explore features
            </ButtonLink>
          </div>
          <ul className="mt-8 flex flex-wrap gap-x-6 gap-y-2 text-sm text-slate-600">
            {ASSURANCES.map((a) => (
              <li key={a} className="flex items-center gap-1.5">
                <CheckIcon className="size-4 text-brand-600" />
                {a}
              </li>
            ))}
          </ul>
        </div>
        <ProductPreview />
      </Container>
    </section>
  );
}
