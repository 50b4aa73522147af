import "server-only";
import { generateWidgetKey } from "@/lib/widget/settings";
import { connectChannel, type TAuditCtx, type TChannelActor } from "./store";
import { FieldProblem } from "./errors";
import { exchangeEmbeddedSignupCode, phoneNumberInfo, registerPhoneNumber, subscribeAppToWaba, validatePageToken } from "./providers/meta-graph";
import { verifyTwilioAccount } from "./providers/twilio";
import { verifyImap, verifySmtp } from "./verify-mail";
import type { TEmailConnect, TEmbeddedSignup, TMetaPageConnect, TTwilioConnect, TWhatsAppManual, TWidgetConnect } from "./schemas";

/**
 * One function per connect form: validated input → provider checks (skipped
 * for sandbox channels, which have no live credentials) → `connectChannel`.
 * Provider problems with one field throw `FieldProblem`; the action shows them
 * next to that field.
 */

export async function connectWhatsAppManual(actor: TChannelActor, input: TWhatsAppManual, ctx: TAuditCtx) {
  let settings: Record<string, unknown> = { wabaId: input.wabaId };
  if (!input.sandbox) {
    const info = await phoneNumberInfo(input.phoneNumberId, input.accessToken!);
    // Webhooks need the app subscribed to the WABA; a token without that permission still sends, so it is reported, not refused.
    const subscribed = await subscribeAppToWaba(input.wabaId, input.accessToken!).then(
      () => true,
      (e: unknown) => {
        if (e instanceof FieldProblem && e.field === "wabaId") throw e;
        return false;
      },
    );
    settings = { ...settings, displayPhoneNumber: info.displayPhoneNumber, verifiedName: info.verifiedName, webhookSubscribed: subscribed };
  }
  return connectChannel(
    actor,
    {
      type: "whatsapp",
      name: input.name,
      externalId: input.phoneNumberId,
      sandbox: input.sandbox,
      settings,
      credentials: input.accessToken ? { accessToken: input.accessToken } : null,
      webhookSecret: null,
      method: input.sandbox ? "sandbox" : "manual",
    },
    ctx,
  );
}

/**
 * WhatsApp Embedded Signup, server side: the browser hands over the one-time
 * `code` and the ids from the WA_EMBEDDED_SIGNUP message. The code becomes a
 * business token, the app is subscribed to the WABA's webhooks, and the number
 * is registered for the Cloud API if it is not yet (with a PIN Sotto keeps,
 * encrypted, in the credentials).
 */
export async function completeEmbeddedSignup(actor: TChannelActor, input: TEmbeddedSignup, ctx: TAuditCtx) {
  const token = await exchangeEmbeddedSignupCode(input.code);
  await subscribeAppToWaba(input.wabaId, token);
  const info = await phoneNumberInfo(input.phoneNumberId, token);
  const registrationPin = info.platformType === "CLOUD_API" ? undefined : await registerPhoneNumber(input.phoneNumberId, token);
  return connectChannel(
    actor,
    {
      type: "whatsapp",
      name: input.name,
      externalId: input.phoneNumberId,
      sandbox: false,
      settings: { wabaId: input.wabaId, displayPhoneNumber: info.displayPhoneNumber, verifiedName: info.verifiedName, webhookSubscribed: true, registeredBySotto: Boolean(registrationPin) },
      credentials: { accessToken: token, ...(registrationPin ? { registrationPin } : {}) },
      webhookSecret: null,
      method: "embedded_signup",
    },
    ctx,
  );
}

export async function connectMetaPage(actor: TChannelActor, input: TMetaPageConnect, ctx: TAuditCtx) {
  const objectName = input.sandbox ? null : await validatePageToken(input.type, input.externalId, input.pageAccessToken!);
  return connectChannel(
    actor,
    {
      type: input.type,
      name: input.name,
      externalId: input.externalId,
      sandbox: input.sandbox,
      settings: objectName ? { pageName: objectName } : {},
      credentials: input.pageAccessToken ? { pageAccessToken: input.pageAccessToken } : null,
      webhookSecret: null,
      method: input.sandbox ? "sandbox" : "manual",
    },
    ctx,
  );
}

const sidHint = (sid: string) => `${sid.slice(0, 2)}…${sid.slice(-4)}`;

export async function connectTwilio(actor: TChannelActor, input: TTwilioConnect, ctx: TAuditCtx) {
  const externalId = input.sender === "number" ? input.phoneNumber! : input.messagingServiceSid!;
  if (!input.sandbox) {
    await verifyTwilioAccount({ accountSid: input.accountSid!, authToken: input.authToken!, phoneNumber: input.phoneNumber, checkNumber: input.sender === "number" && input.type === "twilio_sms" });
  }
  const hasCredentials = Boolean(input.accountSid && input.authToken);
  return connectChannel(
    actor,
    {
      type: input.type,
      name: input.name,
      externalId,
      sandbox: input.sandbox,
      settings: { sender: input.sender, ...(input.accountSid ? { accountSidHint: sidHint(input.accountSid) } : {}) },
      credentials: hasCredentials
        ? { accountSid: input.accountSid, authToken: input.authToken, ...(input.sender === "number" ? { from: input.phoneNumber } : { messagingServiceSid: input.messagingServiceSid }) }
        : null,
      // Twilio signs webhooks with the account's auth token.
      webhookSecret: input.authToken ?? null,
      method: input.sandbox ? "sandbox" : "manual",
    },
    ctx,
  );
}

export async function connectEmail(actor: TChannelActor, input: TEmailConnect, ctx: TAuditCtx) {
  if (!input.sandbox) {
    await verifyImap(input.imap!, { user: input.imap!.user, pass: input.imap!.pass });
    await verifySmtp(input.smtp!, { user: input.smtp!.user, pass: input.smtp!.pass });
  }
  const hasServers = Boolean(input.imap && input.smtp);
  return connectChannel(
    actor,
    {
      type: "email",
      name: input.name,
      externalId: input.address,
      sandbox: input.sandbox,
      settings: { auth: "password", ...(input.fromName ? { fromName: input.fromName } : {}) },
      credentials: hasServers ? { address: input.address, ...(input.fromName ? { fromName: input.fromName } : {}), imap: input.imap, smtp: input.smtp } : null,
      webhookSecret: null,
      method: input.sandbox ? "sandbox" : "manual",
    },
    ctx,
  );
}

export async function connectWidget(actor: TChannelActor, input: TWidgetConnect, ctx: TAuditCtx) {
  return connectChannel(
    actor,
    { type: "widget", name: input.name, externalId: generateWidgetKey(), sandbox: false, settings: input.settings, credentials: null, webhookSecret: null, method: "widget" },
    ctx,
  );
}
