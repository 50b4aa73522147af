import type { TConsentPolicyInput } from "./schemas";

/** The policy a new consent config starts with: the four categories, nothing offered but necessary until vendors are listed. */
export function defaultConsentPolicy(): TConsentPolicyInput {
  return {
    categories: {
      necessary: {
        enabled: true,
        name: { en: "Strictly necessary", it: "Strettamente necessari" },
        description: {
          en: "Needed for the site to work and to remember your privacy choices. They cannot be switched off.",
          it: "Servono al funzionamento del sito e a ricordare le tue scelte sulla privacy. Non possono essere disattivati.",
        },
        vendors: [],
      },
      functional: {
        enabled: false,
        name: { en: "Functional", it: "Funzionali" },
        description: {
          en: "Remember your preferences and enable features such as live chat.",
          it: "Ricordano le tue preferenze e abilitano funzioni come la chat dal vivo.",
        },
        vendors: [],
      },
      analytics: {
        enabled: false,
        name: { en: "Analytics", it: "Statistiche" },
        description: {
          en: "Help us understand how the site is used, so we can improve it.",
          it: "Ci aiutano a capire come viene usato il sito, per migliorarlo.",
        },
        vendors: [],
      },
      advertising: {
        enabled: false,
        name: { en: "Advertising", it: "Pubblicità" },
        description: {
          en: "Measure and personalise advertising, on this site and elsewhere.",
          it: "Misurano e personalizzano la pubblicità, su questo sito e altrove.",
        },
        vendors: [],
      },
    },
    texts: {
      en: {
        title: "Your privacy choices",
        body: "We use cookies and similar technologies only with your consent, except those strictly necessary. You can accept all, reject all or choose by category, and change your mind at any time from “Cookie settings”.",
      },
      it: {
        title: "Le tue scelte sulla privacy",
        body: "Usiamo cookie e tecnologie simili solo con il tuo consenso, tranne quelli strettamente necessari. Puoi accettare tutto, rifiutare tutto o scegliere per categoria, e cambiare idea in qualsiasi momento da “Impostazioni cookie”.",
      },
    },
    policyUrl: null,
  };
}

/** Sotto's own site: the consent cookie and sign-in are necessary; live chat is the one optional feature. No analytics, no advertising. */
export function platformConsentPolicy(appUrl: string): TConsentPolicyInput {
  const p = defaultConsentPolicy();
  p.categories.necessary.vendors = [
    {
      id: "sotto",
      name: "Sotto",
      purposes: {
        en: "Remembers your cookie choices and keeps you signed in to the dashboard.",
        it: "Ricorda le tue scelte sui cookie e mantiene l'accesso alla dashboard.",
      },
      cookies: [
        { name: "sotto_consent", domain: null, durationDays: 180 },
        { name: "*authjs.session-token", domain: null, durationDays: null },
        { name: "*authjs.csrf-token", domain: null, durationDays: null },
      ],
      retentionDays: 180,
      privacyUrl: new URL("/legal/privacy", appUrl).toString(),
    },
  ];
  p.categories.functional.enabled = true;
  p.categories.functional.vendors = [
    {
      id: "sotto-chat",
      name: "Sotto live chat",
      purposes: {
        en: "Remembers your chat conversation with us between visits.",
        it: "Ricorda la tua conversazione in chat con noi tra una visita e l'altra.",
      },
      cookies: [],
      retentionDays: 730,
      privacyUrl: new URL("/legal/privacy", appUrl).toString(),
    },
  ];
  p.policyUrl = new URL("/legal/cookies", appUrl).toString();
  return p;
}
