import fs from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { deflateSync } from "node:zlib";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type FrameLocator, type Page } from "@playwright/test";
import { generateWidgetKey } from "../lib/widget/settings";
import { e2eDb, SEED_EMAILS, SEED_TENANTS, signIn } from "./helpers";

/**
 * Files from website visitors: the chat widget embedded on a page of another
 * origin (as in widget.spec.ts), a visitor attaching an image with the
 * keyboard, seeing it in their own thread and an agent seeing it in the inbox;
 * files over the limit or of a refused type are refused in the widget with the
 * reason; a failed upload is retried by the visitor and stored once. Acme gets
 * a widget channel of its own for this file.
 */
const APP = new URL(process.env.BASE_URL || "http://127.0.0.1:3000").origin;
const INBOX = `/t/${SEED_TENANTS.acme.slug}/inbox`;

let site: http.Server;
let hostOrigin = "";
let tenantId = "";
const channel = { id: `ch_e2e_upload_${Date.now().toString(36)}`, key: generateWidgetKey() };

/** A real PNG of `w`×`h` pixels in one colour (the server types files by their bytes, and a thumbnail needs a size). */
function png(w: number, h: number): Buffer {
  const table = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = table[(c ^ x) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), body.length + 4);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: w }, () => [45, 74, 34]).flat())]);
  const pixels = Buffer.concat(Array.from({ length: h }, () => row));
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk("IHDR", ihdr), chunk("IDAT", deflateSync(pixels)), chunk("IEND", Buffer.alloc(0))]);
}

/** A Windows executable's header: a type Sotto does not accept, whatever the file is called. */
const EXE = Buffer.concat([Buffer.from("MZ"), Buffer.alloc(58), Buffer.from([0x80, 0, 0, 0]), Buffer.alloc(64), Buffer.from("PE\0\0"), Buffer.alloc(200, 1)]);

test.beforeAll(async () => {
  site = http.createServer((req, res) => {
    if (new URL(req.url ?? "/", "http://x").pathname !== "/") {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
    res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Acme Garden Tools</title></head>
<body><main><h1>Garden tools that last</h1></main><script src="${APP}/widget.js" data-sotto-key="${channel.key}" async></script></body></html>`);
  });
  await new Promise<void>((resolve) => site.listen(0, "127.0.0.1", resolve));
  hostOrigin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;

  const db = await e2eDb().connect();
  try {
    const { rows } = await db.query<{ id: string }>(`SELECT id FROM sotto_tenant_by_slug($1)`, [SEED_TENANTS.acme.slug]);
    tenantId = rows[0]!.id;
    await db.query("BEGIN");
    await db.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantId]);
    await db.query(
      `INSERT INTO "Channel" (id, "tenantId", type, name, status, "externalId", settings, "updatedAt")
       VALUES ($1, $2, 'widget', 'E2E uploads', 'active', $3, $4::jsonb, now())`,
      [channel.id, tenantId, channel.key, JSON.stringify({ allowedOrigins: [hostOrigin], title: "Acme Shop", greeting: "Hi! Send us a photo if it helps." })],
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

const chat = (page: Page): FrameLocator => page.frameLocator('iframe[title="Chat"]');

async function openChat(page: Page): Promise<FrameLocator> {
  await page.goto(`${hostOrigin}/`);
  await page.getByRole("button", { name: "Open chat" }).click();
  const frame = chat(page);
  await expect(frame.getByLabel("Message")).toBeEditable();
  return frame;
}

/** Opens the file picker from the widget's attach button (with the keyboard when asked) and picks `files`. */
async function pick(page: Page, frame: FrameLocator, files: Parameters<import("@playwright/test").FileChooser["setFiles"]>[0], { keyboard = false } = {}): Promise<void> {
  const button = frame.getByRole("button", { name: "Attach a file" });
  const chooser = page.waitForEvent("filechooser");
  if (keyboard) {
    await button.focus();
    await page.keyboard.press("Enter");
  } else {
    await button.click();
  }
  await (await chooser).setFiles(files);
}

async function storedFiles(fileName: string): Promise<{ messageId: string; conversationId: string; contentType: string; size: number }[]> {
  const { rows } = await e2eDb().query(
    `SELECT a."messageId", m."conversationId", a."contentType", a.size FROM "Attachment" a JOIN "Message" m ON m.id = a."messageId"
      WHERE a."tenantId" = $1 AND m."channelId" = $2 AND a."fileName" = $3`,
    [tenantId, channel.id, fileName],
  );
  return rows;
}

async function noSeriousA11yViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

test("a visitor attaches an image with the keyboard; it shows in their thread and in the agent's inbox", async ({ page, browser }) => {
  test.slow();
  const stamp = Date.now().toString(36);
  const question = `My trowel arrived bent, photo attached #${stamp}`;
  const name = `trowel-${stamp}.png`;
  const image = png(64, 48);
  const frame = await openChat(page);
  await frame.getByLabel("Message").fill(question);
  await frame.getByLabel("Message").press("Enter");
  await expect(frame.getByRole("log").getByText(question)).toBeVisible();

  const button = frame.getByRole("button", { name: "Attach a file" });
  await pick(page, frame, { name, mimeType: "image/png", buffer: image }, { keyboard: true });
  // The visitor's own thread: a thumbnail served from Sotto once stored, then "Sent".
  const thumb = frame.getByRole("log").getByRole("img", { name });
  await expect(thumb).toHaveAttribute("src", new RegExp(`^${APP}/api/attachments/`), { timeout: 15_000 });
  await expect.poll(() => thumb.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(64);
  await expect(frame.getByRole("log").getByRole("link", { name })).toHaveAttribute("target", "_blank");
  await expect(frame.getByText(/^Sent ·/)).toBeVisible();
  // Focus stays usable: the attach button is focusable and shows a focus ring.
  await button.focus();
  await expect(button).toBeFocused();
  expect(await button.evaluate((el) => getComputedStyle(el).outlineStyle)).not.toBe("none");

  const [stored] = await storedFiles(name);
  expect(stored).toMatchObject({ contentType: "image/png", size: image.length });
  await noSeriousA11yViolations(page);

  const agentContext = await browser.newContext();
  try {
    const agent = await agentContext.newPage();
    await signIn(agent, SEED_EMAILS.acmeAgent);
    // The conversation the visitor's messages went to, opened as an agent's link would.
    await agent.goto(`${INBOX}?status=all&c=${stored!.conversationId}`);
    const log = agent.getByRole("region", { name: "Conversation" }).getByRole("log");
    await expect(log).toContainText(question, { timeout: 30_000 });
    const img = log.getByRole("img", { name });
    await expect(img).toBeVisible();
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(64);
  } finally {
    await agentContext.close();
  }
});

test("files over the limit or of a refused type are refused in the widget with the reason, and nothing is stored", async ({ page }) => {
  test.slow();
  const stamp = Date.now().toString(36);
  const uploads: string[] = [];
  page.on("request", (r) => {
    if (r.url().startsWith(`${APP}/api/widget/attachments`)) uploads.push(r.url());
  });
  const frame = await openChat(page);
  const alert = frame.getByRole("alert");

  // Over the 10 MB limit: refused in the frame before a byte is sent. From disk, as a visitor's file would be.
  const bigName = `catalogue-${stamp}.pdf`;
  const big = test.info().outputPath(bigName);
  await fs.mkdir(test.info().outputDir, { recursive: true });
  await fs.writeFile(big, Buffer.alloc(11 * 1024 * 1024, 0x41));
  await pick(page, frame, big);
  await expect(alert).toHaveText(`“${bigName}” was not sent. The file is larger than the 10 MB limit for attachments.`);
  expect(uploads).toEqual([]);

  // A refused type: the server sniffs the bytes (the name and declared type do not matter) and says why.
  const exeName = `photo-${stamp}.png`;
  await pick(page, frame, { name: exeName, mimeType: "image/png", buffer: EXE });
  await expect(alert).toContainText(`“${exeName}” was not sent. Files of type`);
  await expect(alert).toContainText("cannot be attached.");
  expect(uploads).toHaveLength(1);
  await expect(frame.getByRole("log").getByText(exeName)).toHaveCount(0);
  await expect(frame.getByRole("log").getByRole("img")).toHaveCount(0);
  expect(await storedFiles(bigName)).toEqual([]);
  expect(await storedFiles(exeName)).toEqual([]);
  await noSeriousA11yViolations(page);
});

test("an upload cut off by the network is kept, retried by the visitor, and stored once", async ({ page }) => {
  const stamp = Date.now().toString(36);
  const name = `receipt-${stamp}.pdf`;
  const pdf = Buffer.from(`%PDF-1.4\n% receipt ${stamp}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n`);
  let cut = 0;
  await page.route((url) => url.pathname === "/api/widget/attachments", async (route) => {
    if (cut++ === 0) await route.abort("connectionreset");
    else await route.continue();
  });
  const frame = await openChat(page);
  await pick(page, frame, { name, mimeType: "application/pdf", buffer: pdf });
  await expect(frame.getByRole("alert")).toContainText(`“${name}” was not sent`);
  await expect(frame.getByText("Not sent", { exact: true })).toBeVisible();
  await frame.getByRole("button", { name: `Retry sending ${name}` }).click();
  const link = frame.getByRole("log").getByRole("link", { name: new RegExp(name) });
  await expect(link).toHaveAttribute("href", new RegExp(`^${APP}/api/attachments/`));
  await expect(frame.getByRole("alert")).toBeHidden();
  expect(await storedFiles(name)).toHaveLength(1);
});
