import "server-only";
import { Resend } from "resend";
import { db } from "@/lib/db/client";
import { env, isProduction } from "@/lib/env";

export type TEmail = { to: string; subject: string; html: string; text: string };
export type TSendResult = { transport: "resend"; id: string } | { transport: "dev-outbox"; id: string };

let resend: Resend | undefined;

/**
 * Sends through Resend when RESEND_API_KEY is set. Without it, outside production,
 * mail lands in the development outbox (`DevEmail`, shown at /dev/mailbox) so that
 * sign-in works on a laptop and tests can read links. Production without a key is
 * a configuration error, never a silent drop.
 */
export async function sendEmail(mail: TEmail): Promise<TSendResult> {
  if (env.RESEND_API_KEY) {
    resend ??= new Resend(env.RESEND_API_KEY);
    const { data, error } = await resend.emails.send({ from: env.EMAIL_FROM, ...mail });
    if (error || !data) throw new Error(`Resend refused the message: ${error?.message ?? "no id returned"}`);
    return { transport: "resend", id: data.id };
  }
  if (isProduction()) throw new Error("RESEND_API_KEY is not configured: cannot send email in production");
  const row = await db().devEmail.create({ data: { from: env.EMAIL_FROM, ...mail } });
  return { transport: "dev-outbox", id: row.id };
}
