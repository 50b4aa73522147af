import type { ComponentType, SVGProps } from "react";
import { ChatIcon, CheckIcon, MicIcon, PackageIcon, SparklesIcon, UserCheckIcon, WebhookIcon } from "../icons";
import { Container, IconBadge } from "../ui";

type TGroup = {
  id: string;
  icon: ComponentType<SVGProps<SVGSVGElement>>;
  eyebrow: string;
  title: string;
  lead: string;
  items: Array<{ title: string; text: string }>;
};

const GROUPS: TGroup[] = [
  {
    id: "inbox",
    icon: ChatIcon,
    eyebrow: "Omnichannel inbox",
    title: "Seven channels, one queue, one customer record",
    lead: "Agents stop switching tabs. Every message, whatever its channel, arrives in a shared queue with the full history of that customer beside it.",
    items: [
      { title: "Assignment and routing", text: "Round-robin, skills or intent-based rules decide who sees a conversation first." },
      { title: "Internal notes and mentions", text: "Discuss a case next to the thread without the customer seeing it." },
      { title: "Saved replies", text: "Shared snippets with variables, available on every channel." },
      { title: "Roles", text: "Owners, admins, agents and viewers each see only what their role allows." },
    ],
  },
  {
    id: "ai",
    icon: SparklesIcon,
    eyebrow: "AI agents",
    title: "Agents that answer, look things up and step aside",
    lead: "Describe what an agent may do and which sources it may use. It handles the routine and hands over anything it is unsure about.",
    items: [
      { title: "Intent and entity detection", text: "Order numbers, dates and product names are pulled out of free text to drive automations." },
      { title: "Grounded answers", text: "Replies come from your knowledge base; an agent that finds no source says so instead of guessing." },
      { title: "Clear labelling", text: "Customers always see when a reply was written by AI, and can ask for a person at any point." },
      { title: "Redaction first", text: "Contact details and identifiers are masked before any text is sent to a model provider." },
    ],
  },
  {
    id: "integrations",
    icon: PackageIcon,
    eyebrow: "Orders and bookings",
    title: "Answers that come from your real systems",
    lead: "Connect your shop, payment provider or calendar with the narrowest permissions available, and disconnect at any time.",
    items: [
      { title: "Order status and returns", text: "Look up shipments and start returns from within the conversation." },
      { title: "Payment questions", text: "See whether a payment went through, using event data only, never card numbers." },
      { title: "Scheduling", text: "Offer free slots, reschedule or cancel, and send reminders where the customer agreed to them." },
      { title: "Least privilege", text: "Read-only by default; write actions such as refunds need an explicit switch." },
    ],
  },
  {
    id: "privacy-center",
    icon: UserCheckIcon,
    eyebrow: "Privacy center",
    title: "The privacy work your team used to do by hand",
    lead: "Consent, requests and retention become settings with an audit trail, rather than tasks in someone's calendar.",
    items: [
      { title: "Cookie consent manager", text: "A banner for your sites with reject as easy as accept, granular categories and stored proof of choice." },
      { title: "Self-service rights portal", text: "Customers verify their email, then export, correct or erase their data; you see every request and its deadline." },
      { title: "Retention schedules", text: "Pick a period per data category; expired records are purged automatically and the purge is logged." },
      { title: "Consent flows for calls", text: "Recording starts only after an announced consent, and voice cloning requires the voice owner's written consent." },
    ],
  },
  {
    id: "voice",
    icon: MicIcon,
    eyebrow: "Voice",
    title: "Phone support with the same intelligence",
    lead: "The voice gateway streams call audio to Sotto over a WebSocket so calls get transcripts, intents and handoffs like any chat.",
    items: [
      { title: "PCM16 streaming", text: "Plain 16-bit audio frames keep latency low and work with common telephony providers." },
      { title: "Live transcripts", text: "Agents taking over a call see what was said before they joined." },
      { title: "No silent recording", text: "Without an accepted announcement, audio is processed in memory and never stored." },
      { title: "Synthetic voices, disclosed", text: "Cloned voices are off by default, single-tenant, and always identified as AI-generated." },
    ],
  },
  {
    id: "platform",
    icon: WebhookIcon,
    eyebrow: "Platform",
    title: "Built to be wired into your stack",
    lead: "Webhooks and an API let you move data out as easily as in, so you never depend on us to reach your own records.",
    items: [
      { title: "Signed webhooks", text: "Every delivery carries an HMAC signature and timestamp so you can reject forgeries and replays." },
      { title: "Exports", text: "Conversations and contacts export as JSON or CSV whenever you need them." },
      { title: "Audit events", text: "Admin actions, exports and deletions are recorded in a hash-chained log you can review." },
      { title: "EU hosting", text: "Primary storage stays in the European Union; transfers elsewhere are listed on our sub-processor page." },
    ],
  },
];

export const FEATURE_GROUP_LINKS = GROUPS.map((g) => ({ id: g.id, label: g.eyebrow }));

export function FeatureGroups() {
  return (
    <div className="divide-y divide-slate-200">
      {GROUPS.map((g, index) => (
        <section key={g.id} id={g.id} aria-labelledby={`${g.id}-title`} className="scroll-mt-20 py-16 sm:py-20">
          <Container className={`grid gap-10 ${index % 2 === 1 ? "lg:grid-cols-[1.3fr_1fr]" : "lg:grid-cols-[1fr_1.3fr]"}`}>
            <div className={index % 2 === 1 ? "lg:order-last" : ""}>
              <IconBadge>
                <g.icon />
              </IconBadge>
              <p className="mt-5 text-sm font-semibold tracking-wide text-brand-600 uppercase">{g.eyebrow}</p>
              <h2 id={`${g.id}-title`} className="mt-2 text-3xl font-bold tracking-tight text-balance text-ink">
                {g.title}
              </h2>
              <p className="mt-4 text-lg leading-8 text-slate-600">{g.lead}</p>
            </div>
            <ul className="grid gap-4 sm:grid-cols-2">
              {g.items.map((item) => (
                <li key={item.title} className="rounded-2xl border border-slate-200 bg-white p-5">
                  <h3 className="flex items-center gap-2 font-semibold text-ink">
                    <CheckIcon className="size-4 shrink-0 text-brand-600" />
                    {item.title}
                  </h3>
                  <p className="mt-2 text-sm leading-6 text-slate-600">{item.text}</p>
                </li>
              ))}
            </ul>
          </Container>
        </section>
      ))}
    </div>
  );
}
