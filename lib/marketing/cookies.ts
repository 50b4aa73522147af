/**
 * Every cookie Sotto sets. The marketing site sets only `sotto_consent`, once the
 * visitor makes a choice in the consent banner; the others appear only once
 * someone opens the dashboard. Any cookie that needs consent must be added here
 * with category "consent-required" and to the platform consent policy first.
 */

export type TCookie = {
  /** Name over HTTPS. Auth.js drops the __Secure-/__Host- prefix on plain-HTTP localhost. */
  name: string;
  provider: string;
  category: "strictly-necessary";
  purpose: string;
  duration: string;
  setOn: string;
};

export const COOKIES: readonly TCookie[] = [
  {
    name: "sotto_consent",
    provider: "Sotto (first party, consent manager)",
    category: "strictly-necessary",
    purpose: "Remembers the choice you made in the cookie banner (including a refusal) and a random consent id, so we do not ask again on every page and can show you your receipt.",
    duration: "180 days, or until you change your choice",
    setOn: "Every page, once you choose in the cookie banner",
  },
  {
    name: "__Secure-authjs.session-token",
    provider: "Sotto (first party, Auth.js)",
    category: "strictly-necessary",
    purpose: "Keeps you signed in to the dashboard after you follow a sign-in link.",
    duration: "Ends after 30 minutes of inactivity and at most 12 hours after sign-in",
    setOn: "Dashboard, after sign-in",
  },
  {
    name: "__Host-authjs.csrf-token",
    provider: "Sotto (first party, Auth.js)",
    category: "strictly-necessary",
    purpose: "Proves that sign-in and sign-out requests come from our own pages, blocking cross-site request forgery.",
    duration: "Until you close the browser",
    setOn: "Sign-in page",
  },
  {
    name: "__Secure-authjs.callback-url",
    provider: "Sotto (first party, Auth.js)",
    category: "strictly-necessary",
    purpose: "Remembers which dashboard page to return you to once sign-in completes.",
    duration: "Until you close the browser",
    setOn: "Sign-in page",
  },
];
