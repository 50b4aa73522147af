import "server-only";
import nodemailer from "nodemailer";
import { LOOPBACK_HOSTS, resolveMailHost, UnsafeHostError } from "@/lib/email-channel/hosts";
import { verifyImapLogin, type TImapAuth } from "@/lib/email-channel/imap";
import { imapErrorMessage } from "@/lib/email-channel/poll-channel";
import { FieldProblem } from "./errors";

/**
 * Checks mail server settings before they are stored: an IMAP login and an
 * SMTP handshake with authentication. Failures name the field to fix.
 */
type TServer = { host: string; port: number; secure: boolean };

export async function verifyImap(server: TServer, auth: TImapAuth, field = "imap"): Promise<void> {
  try {
    await verifyImapLogin(server, auth);
  } catch (error) {
    if (error instanceof UnsafeHostError) throw new FieldProblem(`${field}.host`, error.message);
    const e = error as { authenticationFailed?: boolean };
    throw new FieldProblem(e?.authenticationFailed ? `${field}.pass` : `${field}.host`, imapErrorMessage(error));
  }
}

export async function verifySmtp(server: TServer, auth: { user: string; pass: string } | { user: string; accessToken: string }, field = "smtp"): Promise<void> {
  let target;
  try {
    target = await resolveMailHost(server.host);
  } catch (error) {
    throw new FieldProblem(`${field}.host`, error instanceof Error ? error.message : "The host is not allowed.");
  }
  const transport = nodemailer.createTransport({
    host: target.connectTo,
    port: server.port,
    secure: server.secure,
    requireTLS: !server.secure && !LOOPBACK_HOSTS.has(server.host),
    tls: target.servername ? { servername: target.servername } : undefined,
    auth: "accessToken" in auth ? { type: "OAuth2", user: auth.user, accessToken: auth.accessToken } : { user: auth.user, pass: auth.pass },
    connectionTimeout: 15_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  try {
    await transport.verify();
  } catch (error) {
    const e = error as { code?: string; responseCode?: number; message?: string };
    if (e.code === "EAUTH") throw new FieldProblem(`${field}.pass`, "The SMTP server refused the user name and password.");
    if (e.code === "ECONNREFUSED") throw new FieldProblem(`${field}.host`, "The SMTP server refused the connection.");
    if (e.code === "EDNS" || e.code === "ENOTFOUND") throw new FieldProblem(`${field}.host`, "The SMTP server's host name does not resolve.");
    if (e.code === "ETIMEDOUT" || e.code === "ESOCKET" || e.code === "ECONNECTION") throw new FieldProblem(`${field}.host`, `Could not talk to the SMTP server (${(e.message ?? e.code).slice(0, 160)}).`);
    throw new FieldProblem(`${field}.host`, `SMTP error: ${(e.message ?? "unknown").slice(0, 200)}`);
  } finally {
    transport.close();
  }
}
