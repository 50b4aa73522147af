import { BookIcon, CalendarIcon, HandoffIcon, PackageIcon, SparklesIcon, TagIcon, EyeOffIcon, ShieldIcon } from "../icons";
import { Container, IconBadge, SectionHeading } from "../ui";

const STEPS = [
  { icon: TagIcon, title: "Classify", text: "Every incoming message gets an intent and language, so it lands with the right agent or automation." },
  { icon: BookIcon, title: "Answer", text: "Replies are drafted from your own knowledge base and cite the article they came from." },
  { icon: PackageIcon, title: "Look up", text: "Order status, returns and payment questions are answered from your shop and payment tools." },
  { icon: CalendarIcon, title: "Book", text: "Appointments are offered, moved or cancelled against your real calendar availability." },
  { icon: HandoffIcon, title: "Hand off", text: "When confidence drops or a customer asks for a person, the thread moves to your team with a summary." },
];

const GUARANTEES = [
  { icon: SparklesIcon, text: "AI replies are always labelled as AI." },
  { icon: EyeOffIcon, text: "Emails, phone numbers and order ids are masked before a model sees them." },
  { icon: ShieldIcon, text: "Your conversations never train anyone's model, ours included." },
];

export function AiAgents() {
  return (
    <section aria-labelledby="agents-title" className="border-y border-slate-200 bg-slate-50 py-20 sm:py-24">
      <Container>
        <div className="grid gap-12 lg:grid-cols-[1fr_1.4fr]">
          <div>
            <SectionHeading
              id="agents-title"
              eyebrow="AI agents"
              title="Automation that knows its limits"
              lead="Sotto's agents take the repetitive work: where is my parcel, can I change my appointment, what are your opening hours. Anything uncertain goes to a human, with the context already written up."
            />
            <ul className="mt-8 space-y-4">
              {GUARANTEES.map((g) => (
                <li key={g.text} className="flex gap-3 text-slate-700">
                  <g.icon className="mt-0.5 size-5 shrink-0 text-brand-600" />
                  <span>{g.text}</span>
                </li>
              ))}
            </ul>
          </div>
          <ol className="grid gap-4 sm:grid-cols-2">
            {STEPS.map((s, i) => (
              <li key={s.title} className={`rounded-2xl border border-slate-200 bg-white p-6 shadow-sm ${i === STEPS.length - 1 ? "sm:col-span-2" : ""}`}>
                <div className="flex items-center gap-3">
                  <IconBadge>
                    <s.icon />
                  </IconBadge>
                  <span className="text-xs font-semibold text-slate-600">Step {i + 1}</span>
                </div>
                <h3 className="mt-4 text-lg font-semibold text-ink">{s.title}</h3>
                <p className="mt-2 text-sm leading-6 text-slate-600">{s.text}</p>
              </li>
            ))}
          </ol>
        </div>
      </Container>
    </section>
  );
}
