import type { ComponentType, ReactNode, SVGProps } from "react";
import { ChainIcon, DatabaseIcon, EyeOffIcon, GlobeIcon, KeyIcon, LockIcon, MicIcon, ShieldIcon, UserCheckIcon, WebhookIcon } from "../icons";

type TTopic = { id: string; icon: ComponentType<SVGProps<SVGSVGElement>>; title: string; body: ReactNode; points: ReactNode[] };

const code = (text: string) => <code className="rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.85em] text-ink">{text}</code>;

const TOPICS: TTopic[] = [
  {
    id: "tenant-isolation",
    icon: DatabaseIcon,
    title: "Tenant isolation with row-level security",
    body: <>Every table that holds customer data has a PostgreSQL row-level security policy keyed on the tenant. The application connects as a role that cannot bypass those policies, and each request sets its tenant inside the transaction.</>,
    points: [
      "A missing filter in application code returns no rows rather than another tenant's rows.",
      "The application role owns no tables and cannot disable policies.",
      "Automated tests try to read across tenants and expect to fail.",
    ],
  },
  {
    id: "encryption",
    icon: KeyIcon,
    title: "Encryption with a rotating key ring",
    body: <>Channel tokens, OAuth credentials and API secrets are sealed with AES-256-GCM before they reach the database. Each ciphertext records which key sealed it, so new keys can be introduced without downtime.</>,
    points: [
      "The newest key encrypts; older keys stay available only to decrypt.",
      "A rotation command re-encrypts stored secrets under the newest key, after which old keys can be retired.",
      "GCM authentication means a tampered ciphertext fails to decrypt instead of yielding garbage.",
      "All traffic uses TLS, with HSTS telling browsers never to fall back to plain HTTP.",
    ],
  },
  {
    id: "audit-log",
    icon: ChainIcon,
    title: "Hash-chained audit log",
    body: <>Sign-ins, role changes, exports, deletions and settings changes are written to an append-only audit log. Each entry includes a hash of the previous entry, forming a chain per tenant.</>,
    points: [
      "Altering or removing an entry breaks every hash after it, which a verification job detects.",
      "Entries name the actor, the action and the affected record, never message content.",
      "Audit entries follow the security-log retention period in our privacy policy.",
    ],
  },
  {
    id: "webhooks",
    icon: WebhookIcon,
    title: "Signed webhooks, checked in constant time",
    body: <>Inbound webhooks from channels and integrations are accepted only when they carry a valid signature under the sender&rsquo;s own scheme. The webhooks we send are signed too, so you can verify them.</>,
    points: [
      "Our outgoing signatures are HMAC-SHA256 over a timestamp and the raw body; old timestamps are rejected to stop replays.",
      "Comparisons use a constant-time check so response timing reveals nothing about the expected value.",
      "Request bodies are size-limited before any parsing happens.",
    ],
  },
  {
    id: "browser",
    icon: ShieldIcon,
    title: "Browser hardening",
    body: <>Each page is sent with a Content Security Policy that carries a fresh random nonce per response. Only scripts bearing that nonce run, and the site loads nothing from other origins.</>,
    points: [
      <>Scripts, styles, images and connections are limited to our own origin ({code("'self'")}).</>,
      <>Framing is refused ({code("frame-ancestors 'none'")}), and browsers are told not to guess content types.</>,
      "Camera, microphone, location and payment browser features are disabled by Permissions-Policy.",
    ],
  },
  {
    id: "sign-in",
    icon: LockIcon,
    title: "Passwordless sign-in and short sessions",
    body: <>The dashboard uses emailed magic links, so there are no passwords to leak or reuse. Links expire ten minutes after they are sent and stop working the moment they are used.</>,
    points: [
      "Sessions end after 30 minutes without activity and after 12 hours in any case.",
      "Sign-in attempts are rate-limited per address and per network.",
      "Every sign-in and sign-out is written to the audit log.",
    ],
  },
  {
    id: "ip-truncation",
    icon: EyeOffIcon,
    title: "Logs that forget who you are",
    body: <>We need network information to fight abuse, not to identify people. IP addresses are shortened before they are written anywhere.</>,
    points: [
      "IPv4 addresses are cut to their /24 network and IPv6 addresses to their /48 prefix.",
      "Logs record request ids, status codes and timings, not message bodies.",
      "Raw call audio is never logged.",
    ],
  },
  {
    id: "voice",
    icon: MicIcon,
    title: "Voice gateway",
    body: <>Call audio reaches the voice gateway over an encrypted WebSocket and is processed in memory.</>,
    points: [
      "Recordings exist only when the caller accepted the recording announcement.",
      "Voice cloning is disabled unless a tenant enables it with the voice owner's written consent.",
    ],
  },
  {
    id: "access",
    icon: UserCheckIcon,
    title: "Access inside Sotto",
    body: <>Roles decide what each member of a workspace can see and change. Our own staff get access to customer data only to resolve a support request you opened, and that access is logged.</>,
    points: ["Owners, admins, agents and viewers have separate permissions.", "Exports and deletions require an admin role and are audited."],
  },
  {
    id: "hosting",
    icon: GlobeIcon,
    title: "Hosting and sub-processors",
    body: <>Primary data lives in the European Union. Every service provider that may process customer data is listed on our sub-processor page, along with its region and transfer safeguard.</>,
    points: ["Optional providers, such as the AI model provider, are engaged only after a tenant turns them on."],
  },
];

export const SECURITY_TOPIC_LINKS = TOPICS.map((t) => ({ id: t.id, label: t.title }));

export function SecurityTopics() {
  return (
    <div className="grid gap-6 md:grid-cols-2">
      {TOPICS.map((t) => (
        <section key={t.id} id={t.id} aria-labelledby={`${t.id}-title`} className="scroll-mt-20 rounded-2xl border border-slate-200 bg-white p-7">
          <div className="flex items-center gap-3">
            <span className="inline-flex size-10 items-center justify-center rounded-lg bg-brand-50 text-brand-600 ring-1 ring-brand-100">
              <t.icon />
            </span>
            <h2 id={`${t.id}-title`} className="text-lg font-semibold text-ink">
              {t.title}
            </h2>
          </div>
          <p className="mt-4 text-sm leading-6 text-slate-600">{t.body}</p>
          <ul className="mt-4 space-y-2 text-sm leading-6 text-slate-700">
            {t.points.map((p, i) => (
              <li key={i} className="flex gap-2">
                <span aria-hidden="true" className="mt-2.5 size-1.5 shrink-0 rounded-full bg-brand-500" />
                <span>{p}</span>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
