import { expect, test, type Page } from "@playwright/test";
import { signIn } from "./helpers/auth";
import { SEED_EMAILS, SEED_TENANTS } from "../prisma/seed-data";

/**
 * The agents' inbox on the seeded Acme Shop workspace (prisma/seed-inbox.ts):
 * filter, search, open a conversation, assign, private note with a mention,
 * snooze, resolve, reopen; and a reply from a second agent appearing live.
 * Written to pass again on a database where it already ran once.
 */
const INBOX = `/t/${SEED_TENANTS.acme.slug}/inbox`;

const conversations = (page: Page) => page.getByRole("list", { name: "Conversations" });
const folders = (page: Page) => page.getByRole("navigation", { name: "Inbox folders" });
const conversation = (page: Page) => page.getByRole("region", { name: "Conversation" });
const toolbar = (page: Page) => conversation(page).getByRole("toolbar", { name: "Conversation actions" });

test("an agent filters, searches, and works a conversation from assignment to reopening", async ({ page }) => {
  test.slow();
  await signIn(page, SEED_EMAILS.acmeAgent);
  await page.goto(INBOX);
  await expect(page.getByRole("heading", { level: 1, name: "All conversations" })).toBeVisible();

  // Filters: a label narrows the list; the resolved status shows closed conversations.
  await folders(page).getByRole("button", { name: "All statuses" }).click();
  await folders(page).getByRole("button", { name: "order-issue" }).click();
  await expect(conversations(page).getByRole("button", { name: /Layla Haddad/ })).toHaveCount(0);
  await expect(conversations(page).getByRole("button", { name: /Marco Rossi.*WhatsApp/ })).toBeVisible();
  await expect(conversations(page).getByRole("button", { name: /Marco Rossi.*Email/ })).toHaveCount(0);
  await folders(page).getByRole("button", { name: "order-issue" }).click();
  await folders(page).getByRole("button", { name: /^Resolved/ }).click();
  await expect(conversations(page).getByRole("button", { name: /Lucía Fernández/ })).toBeVisible();
  await folders(page).getByRole("button", { name: /^Open/ }).click();

  // Search: "/" focuses the box; matches are highlighted, other conversations drop out.
  await page.keyboard.press("/");
  await expect(page.getByRole("searchbox", { name: "Search messages" })).toBeFocused();
  await page.keyboard.type("4821");
  const hit = conversations(page).getByRole("button", { name: /Marco Rossi/ });
  await expect(hit).toHaveCount(1);
  await expect(hit.locator("mark")).toHaveText("4821");
  await expect(conversations(page).getByRole("button", { name: /Sam Carter/ })).toHaveCount(0);

  // Opening moves focus to the conversation.
  await hit.click();
  await expect(page).toHaveURL(/[?&]c=/);
  await expect(conversation(page).getByRole("heading", { level: 2, name: "Marco Rossi" })).toBeFocused();
  await expect(conversation(page).getByRole("log", { name: "Messages with Marco Rossi" })).toHaveAttribute("aria-live", "polite");
  await expect(conversation(page).getByRole("log")).toContainText("Il pacco del mese scorso", { timeout: 30_000 });

  // Assign to self.
  const assign = toolbar(page).getByRole("button", { name: /Assign/ });
  if ((await assign.textContent())?.includes("You")) {
    await assign.click();
    await page.getByRole("menuitemradio", { name: /Alex Agent/ }).click(); // already mine: stays mine
  } else {
    await assign.click();
    await page.getByRole("menuitem", { name: "Assign to me" }).click();
  }
  await expect(toolbar(page).getByRole("button", { name: "Assigned to You" })).toBeVisible();

  // A private note mentioning a teammate, picked from the autocomplete.
  const stamp = Date.now().toString(36);
  await conversation(page).getByRole("button", { name: "Private note" }).click();
  const composer = conversation(page).getByRole("combobox", { name: "Private note" });
  await composer.fill(`Courier says tomorrow (${stamp}) @Av`);
  await page.getByRole("listbox", { name: "Mention a teammate" }).getByRole("option", { name: /Avery Admin/ }).click();
  await composer.press("End");
  await composer.pressSequentially("please confirm");
  await composer.press("Enter");
  const note = conversation(page).getByRole("log").getByRole("listitem").filter({ hasText: `Courier says tomorrow (${stamp})` });
  await expect(note).toContainText("Private note");
  await expect(note.getByText("@Avery Admin", { exact: true })).toBeVisible();
  await expect(composer).toHaveValue("");

  // Snooze for an hour: the conversation says until when.
  await toolbar(page).getByRole("button", { name: "Snooze", exact: true }).click();
  await page.getByRole("menuitem", { name: /In 1 hour/ }).click();
  await expect(conversation(page).getByText(/^Snoozed until /)).toBeVisible();
  await expect(conversation(page).getByRole("log")).toContainText("Alex Agent snoozed the conversation");

  // Resolve, then reopen.
  await conversation(page).getByRole("button", { name: "Resolve", exact: true }).click();
  await expect(conversation(page).getByText("Resolved", { exact: true })).toBeVisible();
  await expect(conversation(page).getByRole("combobox", { name: "Private note" })).toBeVisible();
  await conversation(page).getByRole("button", { name: "Reopen", exact: true }).click();
  await expect(conversation(page).getByText("Open", { exact: true })).toBeVisible();
  await expect(conversation(page).getByRole("log")).toContainText("Alex Agent reopened the conversation");

  // Shortcuts are documented in the "?" dialog.
  await conversation(page).getByRole("heading", { level: 2 }).focus();
  await page.keyboard.press("?");
  const help = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(help).toBeVisible();
  await expect(help).toContainText("Assign to me");
  await page.keyboard.press("Escape");
  await expect(help).toBeHidden();
});

test("a reply from another agent appears in an open conversation without reloading", async ({ page, browser }) => {
  test.slow();
  await signIn(page, SEED_EMAILS.acmeAgent);
  await page.goto(`${INBOX}?status=all`);
  await conversations(page).getByRole("button", { name: /Sam Carter/ }).click();
  await expect(conversation(page).getByRole("heading", { level: 2, name: "Sam Carter" })).toBeVisible();
  await expect(conversation(page).getByRole("log")).toContainText("Do you ship to Canada?", { timeout: 30_000 });
  await expect(page.getByText("Live", { exact: true })).toBeVisible();
  const conversationUrl = page.url();

  const colleagueContext = await browser.newContext();
  try {
    const colleague = await colleagueContext.newPage();
    await signIn(colleague, SEED_EMAILS.acmeAdmin);
    await colleague.goto(new URL(conversationUrl).pathname + new URL(conversationUrl).search);
    await expect(conversation(colleague).getByRole("log")).toContainText("Do you ship to Canada?", { timeout: 30_000 });
    const text = `Yes, PayPal works at checkout (${Date.now().toString(36)})`;
    const reply = conversation(colleague).getByRole("combobox", { name: /Reply to/ });
    await reply.fill(text);
    await conversation(colleague).getByRole("button", { name: "Send", exact: true }).click();
    await expect(conversation(colleague).getByRole("log")).toContainText(text);

    // The first agent never reloaded: the message arrives over the live connection.
    await expect(conversation(page).getByRole("log")).toContainText(text, { timeout: 20_000 });
    await expect(conversations(page).getByRole("button", { name: /Sam Carter/ })).toContainText(text.slice(0, 20));
  } finally {
    await colleagueContext.close();
  }
});
