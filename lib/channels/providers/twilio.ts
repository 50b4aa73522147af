import "server-only";
import { z } from "zod";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { FieldProblem, ProviderProblem } from "../errors";

/**
 * Checks Twilio credentials before they are stored: the account must accept
 * the SID and auth token (`GET /2010-04-01/Accounts/{Sid}.json`), and an SMS
 * number must be one of the account's incoming numbers. Base URL from
 * TWILIO_API_BASE_URL (tests use a fake Twilio on loopback).
 */
const TIMEOUT_MS = 15_000;

async function twilioGet(path: string, accountSid: string, authToken: string): Promise<Response> {
  const base = env.TWILIO_API_BASE_URL.replace(/\/+$/, "");
  try {
    return await fetch(`${base}${path}`, {
      headers: { Authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString("base64")}`, Accept: "application/json" },
      signal: AbortSignal.timeout(TIMEOUT_MS),
      cache: "no-store",
    });
  } catch (error) {
    log.warn("twilio request failed", { error: error instanceof Error ? error.message : String(error) });
    throw new ProviderProblem("Twilio could not be reached. Try again in a minute.");
  }
}

export async function verifyTwilioAccount(input: { accountSid: string; authToken: string; phoneNumber?: string; checkNumber: boolean }): Promise<void> {
  const account = await twilioGet(`/2010-04-01/Accounts/${encodeURIComponent(input.accountSid)}.json`, input.accountSid, input.authToken);
  if (account.status === 401 || account.status === 403 || account.status === 404) {
    throw new FieldProblem("authToken", "Twilio refused this Account SID and auth token.");
  }
  if (!account.ok) throw new ProviderProblem(`Twilio answered ${account.status} when checking the account.`);
  const status = z.object({ status: z.string().optional() }).safeParse(await account.json().catch(() => ({})));
  if (status.success && status.data.status && status.data.status !== "active") {
    throw new FieldProblem("accountSid", `This Twilio account is ${status.data.status}.`);
  }
  if (!input.checkNumber || !input.phoneNumber) return;
  const numbers = await twilioGet(
    `/2010-04-01/Accounts/${encodeURIComponent(input.accountSid)}/IncomingPhoneNumbers.json?PhoneNumber=${encodeURIComponent(input.phoneNumber)}`,
    input.accountSid,
    input.authToken,
  );
  if (!numbers.ok) throw new ProviderProblem(`Twilio answered ${numbers.status} when looking up the number.`);
  const list = z.object({ incoming_phone_numbers: z.array(z.object({ phone_number: z.string() })).default([]) }).safeParse(await numbers.json().catch(() => ({})));
  if (!list.success || !list.data.incoming_phone_numbers.some((n) => n.phone_number === input.phoneNumber)) {
    throw new FieldProblem("phoneNumber", "This number is not one of the Twilio account's phone numbers.");
  }
}
