import { BoltChatIcon, CameraIcon, ChatIcon, MailIcon, PhoneChatIcon, PhoneIcon, SmsIcon } from "../icons";
import { Container, SectionHeading } from "../ui";

const CHANNELS = [
  { icon: ChatIcon, name: "Website chat", text: "A small widget for your site that answers only on the domains you allow." },
  { icon: PhoneChatIcon, name: "WhatsApp", text: "Cloud API with business-scoped user ids and guided number onboarding." },
  { icon: BoltChatIcon, name: "Messenger", text: "Page conversations arrive next to every other thread." },
  { icon: CameraIcon, name: "Instagram", text: "Direct messages and story replies, answered from the same inbox." },
  { icon: SmsIcon, name: "SMS", text: "Two-way texting with opt-out keywords honoured automatically." },
  { icon: MailIcon, name: "Email", text: "Shared mailboxes with threading, assignment and signatures." },
  { icon: PhoneIcon, name: "Voice", text: "Calls stream to AI agents and humans through the voice gateway." },
];

export function Channels() {
  return (
    <section aria-labelledby="channels-title" className="py-20 sm:py-24">
      <Container>
        <SectionHeading
          id="channels-title"
          eyebrow="Channels"
          title="Meet customers where they already write"
          lead="Connect a channel in minutes. Each conversation keeps its history, contact and consent status, whichever way the customer reached you."
          align="center"
        />
        <ul className="mt-14 grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          {CHANNELS.map((c) => (
            <li key={c.name} className="rounded-2xl border border-slate-200 bg-white p-5 transition-shadow hover:shadow-md">
              <c.icon className="size-6 text-brand-600" />
              <h3 className="mt-4 font-semibold text-ink">{c.name}</h3>
              <p className="mt-1 text-sm leading-6 text-slate-600">{c.text}</p>
            </li>
          ))}
          <li className="flex flex-col justify-center rounded-2xl border border-dashed border-brand-100 bg-brand-50/60 p-5">
            <p className="font-semibold text-brand-700">One contact record</p>
            <p className="mt-1 text-sm leading-6 text-slate-600">Replies go back on the channel they came from, signed by the agent who sent them.</p>
          </li>
        </ul>
      </Container>
    </section>
  );
}
