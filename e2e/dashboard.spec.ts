import { expect, test, type Browser } from "@playwright/test";
import { signIn, waitForMagicLink } from "./helpers/auth";
import { e2eDb } from "./helpers/db";
import { SEED_EMAILS, SEED_TENANTS } from "../prisma/seed-data";

const unique = (label: string) => `${label}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@example.test`;

/** A fresh owner with a fresh workspace, so tests that change things never disturb the seeded tenants. */
async function freshWorkspace(browser: Browser, name: string) {
  const page = await (await browser.newContext()).newPage();
  const email = unique("owner");
  await signIn(page, email);
  await expect(page).toHaveURL(/\/onboarding$/);
  await page.getByLabel("Workspace name").fill(name);
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page).toHaveURL(/\/t\/[a-z0-9-]+$/);
  const slug = new URL(page.url()).pathname.split("/")[2]!;
  return { page, email, slug };
}

test("an owner invites an agent, who accepts by email; the audit chain records and verifies it", async ({ browser }) => {
  const { page: owner, slug } = await freshWorkspace(browser, "Invite Test Co");
  const invitee = unique("invitee");

  await owner.getByRole("link", { name: "Members", exact: true }).click();
  await owner.getByLabel("Email address", { exact: true }).fill(invitee);
  await owner.getByLabel("Role", { exact: true }).selectOption("agent");
  await owner.getByRole("button", { name: "Send invitation" }).click();
  await expect(owner.getByRole("status")).toContainText(`Invitation sent to ${invitee}`);
  await expect(owner.getByText(`${invitee} · Agent`)).toBeVisible();

  const { rows } = await e2eDb().query(`SELECT id, text FROM "DevEmail" WHERE "to" = $1 ORDER BY "createdAt" DESC LIMIT 1`, [invitee]);
  const inviteUrl = String(rows[0]?.text).match(/https?:\/\/\S+\/invite\/[A-Za-z0-9_-]+/)?.[0];
  expect(inviteUrl).toBeTruthy();

  const guest = await (await browser.newContext()).newPage();
  await guest.goto(new URL(inviteUrl!).pathname);
  await expect(guest.getByRole("heading", { name: "Join Invite Test Co" })).toBeVisible();
  await guest.getByRole("link", { name: "Sign in to accept" }).click();
  await guest.getByLabel("Email address").fill(invitee);
  await guest.getByRole("button", { name: "Email me a sign-in link" }).click();
  // The newest mail is still the invitation until the sign-in mail arrives.
  await guest.goto(await waitForMagicLink(invitee, String(rows[0]?.id)));
  await expect(guest).toHaveURL(/\/invite\//);
  await guest.getByRole("button", { name: "Accept invitation" }).click();
  await expect(guest).toHaveURL(new RegExp(`/t/${slug}$`));
  await expect(guest.getByText(`${invitee} · Agent`)).toBeVisible();

  await owner.getByRole("link", { name: "Audit log", exact: true }).click();
  await expect(owner.getByText(/Chain verified/)).toBeVisible();
  const actions = await e2eDb().query(
    `SELECT e.action FROM "AuditEvent" e JOIN "Tenant" t ON t.id = e."tenantId" WHERE t.slug = $1 ORDER BY seq`,
    [slug],
  );
  expect(actions.rows.map((r) => r.action)).toEqual(expect.arrayContaining(["tenant.created", "member.invited", "member.joined"]));

  // The CSV export is a download of the log, and is itself audited.
  const csv = await owner.request.get(`/t/${slug}/settings/audit/export?action=member.invited`);
  expect(csv.status()).toBe(200);
  expect(csv.headers()["content-type"]).toBe("text/csv; charset=utf-8");
  expect(csv.headers()["content-disposition"]).toMatch(new RegExp(`^attachment; filename="audit-${slug}-\\d{4}-\\d{2}-\\d{2}\\.csv"$`));
  expect(await csv.text()).toContain(invitee);
  const exported = await e2eDb().query(
    `SELECT e.metadata FROM "AuditEvent" e JOIN "Tenant" t ON t.id = e."tenantId" WHERE t.slug = $1 AND e.action = 'data.exported' AND e."targetType" = 'AuditLog'`,
    [slug],
  );
  expect(exported.rows).toHaveLength(1);
  expect(exported.rows[0].metadata).toMatchObject({ format: "csv", filters: { action: "member.invited" } });
});

test("an agent sees no admin sections, gets 403 on them and 404 on a foreign workspace", async ({ page }) => {
  await signIn(page, SEED_EMAILS.acmeAgent);
  await page.goto(`/t/${SEED_TENANTS.acme.slug}`);
  await expect(page.getByRole("navigation", { name: "Dashboard" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Audit log" })).toHaveCount(0);

  const forbidden = await page.goto(`/t/${SEED_TENANTS.acme.slug}/settings/audit`);
  expect(forbidden?.status()).toBe(403);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("don't have permission");

  const foreign = await page.goto(`/t/${SEED_TENANTS.northside.slug}`);
  expect(foreign?.status()).toBe(404);

  const exported = await page.request.get(`/t/${SEED_TENANTS.acme.slug}/settings/audit/export`);
  expect(exported.status()).toBe(403);
});

test("an analyst can read workspace settings but not change them", async ({ page }) => {
  await signIn(page, SEED_EMAILS.acmeAnalyst);
  await page.goto(`/t/${SEED_TENANTS.acme.slug}/settings`);
  await expect(page.getByText("Only admins and owners can change these settings.")).toBeVisible();
  await expect(page.getByLabel("Workspace name")).toBeDisabled();
  await expect(page.getByRole("button", { name: "Save settings" })).toHaveCount(0);
});

test("an owner changes workspace settings; bad values are refused and nothing is saved", async ({ browser }) => {
  const { page, slug } = await freshWorkspace(browser, "Settings Test Co");
  await page.getByRole("link", { name: "Workspace", exact: true }).click();

  await page.getByLabel("Time zone").fill("Mars/Olympus_Mons");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Unknown time zone.")).toBeVisible();
  const before = await e2eDb().query(`SELECT settings FROM "Tenant" WHERE slug = $1`, [slug]);
  expect(before.rows[0].settings.timezone ?? "Europe/Rome").not.toBe("Mars/Olympus_Mons");

  await page.getByLabel("Workspace name").fill("Settings Test Company");
  await page.getByLabel("Time zone").fill("Europe/Madrid");
  await page.getByLabel(/Sign members out after inactivity/).fill("15");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("status")).toContainText("Settings saved.");
  const after = await e2eDb().query(`SELECT name, settings FROM "Tenant" WHERE slug = $1`, [slug]);
  expect(after.rows[0]).toMatchObject({ name: "Settings Test Company", settings: { timezone: "Europe/Madrid", sessionIdleMinutes: 15 } });
  const audit = await e2eDb().query(
    `SELECT metadata FROM "AuditEvent" e JOIN "Tenant" t ON t.id = e."tenantId" WHERE t.slug = $1 AND action = 'tenant.settings_updated'`,
    [slug],
  );
  expect(audit.rows[0].metadata.changes).toMatchObject({ timezone: { from: "Europe/Rome", to: "Europe/Madrid" } });
});

test("Auth.js refuses a sign-in POST without its CSRF token, and sends nothing", async ({ request }) => {
  const email = unique("csrf");
  const res = await request.post("/api/auth/signin/resend", {
    form: { email },
    headers: { Origin: "https://evil.example" },
    maxRedirects: 0,
  });
  expect([302, 303, 400, 403]).toContain(res.status());
  const { rows } = await e2eDb().query(`SELECT count(*)::int AS n FROM "DevEmail" WHERE "to" = $1`, [email]);
  expect(rows[0].n).toBe(0);
});
