import { expect, type Page } from "@playwright/test";
import { e2eDb } from "./db";

export type TMail = { id: string; html: string; createdAt: Date };

/** The newest development-outbox mail to `email`, or null. */
export async function latestMail(email: string): Promise<TMail | null> {
  const { rows } = await e2eDb().query<TMail>(`SELECT id, html, "createdAt" FROM "DevEmail" WHERE lower("to") = lower($1) ORDER BY "createdAt" DESC LIMIT 1`, [email]);
  return rows[0] ?? null;
}

/** The first magic link (`…/api/auth/callback/…`) in a mail's HTML, entities decoded. */
export function magicLinkFrom(html: string): string | null {
  for (const m of html.matchAll(/href\s*=\s*["']([^"']+)["']/gi)) {
    const href = m[1]!.replaceAll("&amp;", "&").replaceAll("&#x3D;", "=").replaceAll("&#61;", "=").replaceAll("&quot;", '"');
    if (href.includes("/api/auth/callback/")) return href;
  }
  return null;
}

/** Waits for a mail to `email` other than `previousId` and returns its magic link. */
export async function waitForMagicLink(email: string, previousId: string | null, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const mail = await latestMail(email);
    if (mail && mail.id !== previousId) {
      const link = magicLinkFrom(mail.html);
      if (!link) throw new Error(`the newest mail to ${email} has no /api/auth/callback/ link`);
      return link;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no sign-in mail to ${email} within ${timeoutMs / 1000}s`);
}

/**
 * Signs `page` in as `email` by magic link: submits the address at /sign-in, reads the
 * mail from the development outbox in the database (DevEmail), and opens the link.
 * Resolves once the browser has left /sign-in and /api/auth. Concurrent sign-ins for the
 * same address (parallel workers) are serialised with an advisory lock so that each
 * takes its own link.
 */
export async function signIn(page: Page, email: string): Promise<void> {
  const lock = await e2eDb().connect();
  try {
    await lock.query("SELECT pg_advisory_lock(hashtext($1))", [`e2e-sign-in:${email.toLowerCase()}`]);
    const previous = await latestMail(email);
    await page.goto("/sign-in");
    const field = page.getByLabel("Email address");
    await field.fill(email);
    await page.locator("form").filter({ has: field }).locator('button[type="submit"]').click();
    await expect(page.getByRole("status")).toContainText(/check your inbox/i);
    const link = await waitForMagicLink(email, previous?.id ?? null);
    await page.goto(link);
    await page.waitForURL((url) => !url.pathname.startsWith("/api/auth") && !url.pathname.startsWith("/sign-in"));
  } finally {
    await lock.query("SELECT pg_advisory_unlock(hashtext($1))", [`e2e-sign-in:${email.toLowerCase()}`]).catch(() => {});
    lock.release();
  }
}
