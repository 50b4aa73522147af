import http from "node:http";
import type { AddressInfo } from "node:net";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type BrowserContext, type FrameLocator, type Page } from "@playwright/test";
import { generateWidgetKey } from "../lib/widget/settings";
import { e2eDb, SEED_EMAILS, SEED_TENANTS, signIn } from "./helpers";

/**
 * The website chat widget as a visitor meets it: embedded with one script tag
 * on a customer's site, which here is a page served from another origin (a
 * tiny HTTP server on its own loopback port), and answered by an agent in the
 * inbox. Acme gets a widget channel of its own for this file, allowing exactly
 * that origin.
 */
const APP = new URL(process.env.BASE_URL || "http://127.0.0.1:3000").origin;

let site: http.Server;
let hostOrigin = "";
let tenantId = "";
const channel = { id: `ch_e2e_widget_${Date.now().toString(36)}`, key: generateWidgetKey() };

function hostPage(query: URLSearchParams): string {
  const consent = query.get("consent");
  const consentApi = query.get("api");
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Acme Garden Tools</title>
<style>
  /* A hostile stylesheet: none of it may reach the widget. */
  button { background: red !important; font-size: 40px !important; display: none !important; }
  iframe { display: none !important; }
  div { border: 3px dashed hotpink; }
  body { font-family: Georgia, serif; margin: 0; background: #f7f4ee; color: #222; }
  header { background: #2d4a22; color: #fff; padding: 24px 48px; font-size: 26px; }
  main { padding: 40px 48px; max-width: 760px; }
</style>
${consentApi ? `<script>window.__granted = ${consentApi === "yes"}; window.SottoConsent = { allows: (c) => c === "functional" && window.__granted };</script>` : ""}
</head>
<body>
<header>Acme Shop</header>
<main><h1>Garden tools that last</h1><p>Hand-forged trowels, pruners and hoes.</p><p><a href="#catalogue">Browse the catalogue</a></p></main>
<script src="${APP}/widget.js" data-sotto-key="${channel.key}"${consent ? ` data-sotto-consent="${consent}"` : ""} async></script>
</body>
</html>`;
}

test.beforeAll(async () => {
  site = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname !== "/") {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
    res.end(hostPage(url.searchParams));
  });
  await new Promise<void>((resolve) => site.listen(0, "127.0.0.1", resolve));
  hostOrigin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;

  // Arranged through the owner connection, inside the tenant's RLS context.
  const db = await e2eDb().connect();
  try {
    const { rows } = await db.query<{ id: string }>(`SELECT id FROM sotto_tenant_by_slug($1)`, [SEED_TENANTS.acme.slug]);
    tenantId = rows[0]!.id;
    await db.query("BEGIN");
    await db.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantId]);
    await db.query(
      `INSERT INTO "Channel" (id, "tenantId", type, name, status, "externalId", settings, "updatedAt")
       VALUES ($1, $2, 'widget', 'E2E website', 'active', $3, $4::jsonb, now())`,
      [channel.id, tenantId, channel.key, JSON.stringify({ allowedOrigins: [hostOrigin], title: "Acme Shop", greeting: "Hi! How can we help? 🌱" })],
    );
    await db.query("COMMIT");
  } catch (error) {
    await db.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    db.release();
  }
});

test.afterAll(async () => {
  await new Promise((resolve) => site?.close(resolve));
  const db = await e2eDb().connect();
  try {
    await db.query("BEGIN");
    await db.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantId]);
    // Contacts first (the channel's conversations and messages cascade with the channel).
    await db.query(
      `DELETE FROM "Contact" WHERE "tenantId" = $1 AND id IN (SELECT "contactId" FROM "ContactIdentity" WHERE "tenantId" = $1 AND "channelId" = $2)`,
      [tenantId, channel.id],
    );
    await db.query(`DELETE FROM "Channel" WHERE "tenantId" = $1 AND id = $2`, [tenantId, channel.id]);
    await db.query("COMMIT");
  } finally {
    db.release();
  }
});

/** Every request the page (and its frames) makes. */
function recordRequests(page: Page): string[] {
  const urls: string[] = [];
  page.on("request", (r) => urls.push(r.url()));
  return urls;
}

const launcher = (page: Page) => page.getByRole("button", { name: "Open chat" });
const chat = (page: Page): FrameLocator => page.frameLocator('iframe[title="Chat"]');

async function openChat(page: Page): Promise<FrameLocator> {
  await launcher(page).click();
  const frame = chat(page);
  await expect(frame.getByLabel("Message")).toBeEditable();
  return frame;
}

async function send(frame: FrameLocator, text: string): Promise<void> {
  await frame.getByLabel("Message").fill(text);
  await frame.getByLabel("Message").press("Enter");
  await expect(frame.getByRole("log").getByText(text)).toBeVisible();
}

async function storedMessages(text: string): Promise<{ id: string; conversationId: string; channelId: string; isPrivate: boolean }[]> {
  const { rows } = await e2eDb().query(
    `SELECT id, "conversationId", "channelId", "isPrivate" FROM "Message" WHERE "tenantId" = $1 AND "channelId" = $2 AND text = $3`,
    [tenantId, channel.id, text],
  );
  return rows;
}

const storage = (page: Page) => page.evaluate(() => ({ cookie: document.cookie, local: localStorage.length, session: sessionStorage.length }));

test("before the visitor clicks: a launcher, no cookie, no storage, no request but widget.js", async ({ page, context }) => {
  const requests = recordRequests(page);
  await page.goto(`${hostOrigin}/`, { waitUntil: "networkidle" });
  await expect(launcher(page)).toBeVisible();
  // The page's `button { display: none !important }` does not reach the shadow root.
  await expect(launcher(page)).toHaveCSS("border-radius", "28px");
  await page.waitForTimeout(500);

  expect(requests.filter((u) => u.startsWith(APP))).toEqual([`${APP}/widget.js`]);
  expect(await storage(page)).toEqual({ cookie: "", local: 0, session: 0 });
  expect(await context.cookies()).toEqual([]);
  const { rows } = await e2eDb().query(`SELECT count(*)::int AS n FROM "ContactIdentity" WHERE "tenantId" = $1 AND "channelId" = $2`, [tenantId, channel.id]);
  expect(rows[0].n).toBe(0);
});

test("a visitor writes, an agent answers in the inbox, the visitor sees it live", async ({ page, browser }) => {
  // Two browser contexts, a magic-link sign-in and a delivery through the outbound queue.
  test.slow();
  const question = `Do you ship trowels to Italy? 🇮🇹 #${Date.now().toString(36)}`;
  await page.goto(`${hostOrigin}/`);
  const frame = await openChat(page);
  await expect(frame.getByText("Hi! How can we help? 🌱")).toBeVisible();
  await send(frame, question);

  // Stored for the tenant, on this channel, as the visitor's message.
  await expect.poll(async () => (await storedMessages(question)).length).toBe(1);
  const [stored] = await storedMessages(question);
  expect(stored!.isPrivate).toBe(false);

  const agentContext: BrowserContext = await browser.newContext();
  try {
    const agent = await agentContext.newPage();
    await signIn(agent, SEED_EMAILS.acmeAgent);
    await agent.goto(`/t/${SEED_TENANTS.acme.slug}/inbox`);
    await agent.getByRole("list", { name: "Conversations" }).getByText(question).click();
    const reply = `Yes, we ship to Italy in 3–5 days. مرحبا! ${Date.now().toString(36)}`;
    const composer = agent.getByLabel(/^Reply to/);
    await composer.fill(reply);
    await composer.press("Enter");

    // Live, without reloading the host page.
    await expect(frame.getByRole("log").getByText(reply)).toBeVisible({ timeout: 20_000 });
    // The open chat acknowledges it: delivered, then read.
    await expect
      .poll(async () => (await e2eDb().query(`SELECT status FROM "Message" WHERE "tenantId" = $1 AND "channelId" = $2 AND text = $3`, [tenantId, channel.id, reply])).rows[0]?.status, {
        timeout: 10_000,
      })
      .toBe("read");
  } finally {
    await agentContext.close();
  }
});

test("the open widget has no serious or critical accessibility violations", async ({ page }) => {
  await page.goto(`${hostOrigin}/`);
  const frame = await openChat(page);
  await send(frame, "Checking accessibility 👀");
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
});

test("keyboard: Tab reaches the launcher, Enter opens into the composer, Esc closes back to the launcher", async ({ page }) => {
  await page.goto(`${hostOrigin}/`);
  await expect(launcher(page)).toBeVisible();
  for (let i = 0; i < 5; i++) {
    await page.keyboard.press("Tab");
    if (await launcher(page).evaluate((el) => el.getRootNode() instanceof ShadowRoot && (el.getRootNode() as ShadowRoot).activeElement === el)) break;
  }
  await expect(launcher(page)).toBeFocused();
  await page.keyboard.press("Enter");
  const frame = chat(page);
  await expect(frame.getByLabel("Message")).toBeFocused();
  await expect(page.getByRole("button", { name: "Close chat" }).first()).toHaveAttribute("aria-expanded", "true");

  // Shift+Enter is a new line, Enter sends.
  await page.keyboard.type("First line");
  await page.keyboard.press("Shift+Enter");
  await page.keyboard.type("second line");
  await expect(frame.getByLabel("Message")).toHaveValue("First line\nsecond line");

  await page.keyboard.press("Escape");
  await expect(page.locator('iframe[title="Chat"]')).toBeHidden();
  await expect(launcher(page)).toBeFocused();
  await expect(launcher(page)).toHaveAttribute("aria-expanded", "false");
});

test("a message whose reply was lost is resent and stored once", async ({ page }) => {
  const text = `Is the hori-hori knife in stock? #${Date.now().toString(36)}`;
  let dropped = 0;
  // The first send reaches the server, but its answer never reaches the visitor.
  await page.route(`${APP}/api/widget/messages`, async (route) => {
    if (route.request().method() === "POST" && dropped === 0) {
      dropped++;
      await route.fetch();
      await route.abort("connectionreset");
      return;
    }
    await route.continue();
  });
  await page.goto(`${hostOrigin}/`);
  const frame = await openChat(page);
  await frame.getByLabel("Message").fill(text);
  await frame.getByLabel("Message").press("Enter");
  await expect(frame.getByText("Not sent yet · retrying")).toBeVisible();
  await expect(frame.getByText(/^Sent ·/)).toBeVisible({ timeout: 15_000 });
  expect(dropped).toBe(1);
  expect(await storedMessages(text)).toHaveLength(1);
  await expect(frame.getByRole("log").getByText(text)).toHaveCount(1);
});

test("the chat frame is framable only by the channel's allowed site", async ({ request }) => {
  const ok = await request.get(`/widget/frame?key=${channel.key}&origin=${encodeURIComponent(hostOrigin)}`);
  expect(ok.status()).toBe(200);
  expect(ok.headers()["content-security-policy"]).toContain(`frame-ancestors ${hostOrigin}`);
  expect(ok.headers()["x-frame-options"]).toBeUndefined();
  expect(ok.headers()["set-cookie"]).toBeUndefined();

  const evil = await request.get(`/widget/frame?key=${channel.key}&origin=${encodeURIComponent("https://evil.example")}`);
  expect(evil.status()).toBe(403);
  expect(evil.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
  // Everything else stays unframable.
  expect((await request.get("/sign-in")).headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
});

test.describe("consent", () => {
  const storedToken = (page: Page) => page.evaluate((k) => localStorage.getItem(`sotto:visitor:${k}`), channel.key);

  test("without functional consent nothing reaches the host page's storage", async ({ page }) => {
    await page.goto(`${hostOrigin}/`);
    const frame = await openChat(page);
    await send(frame, "No consent here");
    expect(await storage(page)).toEqual({ cookie: "", local: 0, session: 0 });
  });

  test("with functional consent (script attribute) the visitor is remembered across visits", async ({ page, context }) => {
    const text = `Remember me ${Date.now().toString(36)}`;
    await page.goto(`${hostOrigin}/?consent=functional`);
    const frame = await openChat(page);
    await send(frame, text);
    await expect.poll(() => storedToken(page)).toMatch(/^wv1\./);

    // A new tab: nothing carries over but the host page's localStorage.
    const later = await context.newPage();
    await later.goto(`${hostOrigin}/?consent=functional`);
    const again = await openChat(later);
    await expect(again.getByRole("log").getByText(text)).toBeVisible();
  });

  test("without consent, a new tab is a new visitor", async ({ page, context }) => {
    const text = `Forget me ${Date.now().toString(36)}`;
    await page.goto(`${hostOrigin}/`);
    await send(await openChat(page), text);
    const later = await context.newPage();
    await later.goto(`${hostOrigin}/`);
    const again = await openChat(later);
    await expect(again.getByText("Hi! How can we help? 🌱")).toBeVisible();
    await expect(again.getByRole("log").getByText(text)).toHaveCount(0);
  });

  test("a consent manager's withdrawal removes the stored id at once", async ({ page }) => {
    await page.goto(`${hostOrigin}/?api=yes`);
    const frame = await openChat(page);
    await send(frame, "Consent manager says yes");
    await expect.poll(() => storedToken(page)).toMatch(/^wv1\./);
    await page.evaluate(() => {
      (window as unknown as { __granted: boolean }).__granted = false;
      window.dispatchEvent(new CustomEvent("sotto:consent-changed"));
    });
    await expect.poll(() => storedToken(page)).toBeNull();
    expect(await storage(page)).toMatchObject({ cookie: "", local: 0 });
  });
});
