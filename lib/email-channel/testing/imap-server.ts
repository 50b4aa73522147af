import type { AddressInfo } from "node:net";
import hoodiecrow from "hoodiecrow-imap";

/**
 * A real IMAP4rev1 server on loopback for tests (hoodiecrow-imap: in-memory,
 * IDLE, SASL-IR, XOAUTH2). One user with a password and an OAuth access token.
 */
export type TTestImap = { host: string; port: number; user: string; pass: string; accessToken: string; close(): Promise<void> };

export async function startTestImap(opts: { user?: string; pass?: string; accessToken?: string; messages?: string[]; uidValidity?: number } = {}): Promise<TTestImap> {
  const user = opts.user ?? "support@acme-shop.test";
  const pass = opts.pass ?? "imap-test-password";
  const accessToken = opts.accessToken ?? "ya29.test-access-token";
  const server = hoodiecrow({
    plugins: ["IDLE", "ID", "UNSELECT", "ENABLE", "SASL-IR", "AUTH-PLAIN", "XOAUTH2", "NAMESPACE", "LITERALPLUS"],
    users: { [user]: { password: pass, xoauth2: { accessToken, sessionTimeout: 3600_000 } } },
    storage: { INBOX: { messages: (opts.messages ?? []).map((raw) => ({ raw })), ...(opts.uidValidity ? { uidvalidity: opts.uidValidity } : {}) } },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    host: "127.0.0.1",
    port,
    user,
    pass,
    accessToken,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
