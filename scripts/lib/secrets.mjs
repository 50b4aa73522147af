// Demo secrets: generated once, kept in .data/demo-secrets.json (git-ignored), and
// never overriding values already set in the environment.
import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { ROOT } from "./proc.mjs";

export const newAuthSecret = () => randomBytes(32).toString("base64");
export const newEncryptionKeys = () => `k1:${randomBytes(32).toString("base64")}`;

export function demoSecrets(file = path.join(ROOT, ".data", "demo-secrets.json")) {
  let stored = {};
  try {
    stored = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    // first run
  }
  const secrets = {
    AUTH_SECRET: stored.AUTH_SECRET || newAuthSecret(),
    SOTTO_ENCRYPTION_KEYS: stored.SOTTO_ENCRYPTION_KEYS || newEncryptionKeys(),
  };
  if (secrets.AUTH_SECRET !== stored.AUTH_SECRET || secrets.SOTTO_ENCRYPTION_KEYS !== stored.SOTTO_ENCRYPTION_KEYS) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(secrets, null, 2) + "\n", { mode: 0o600 });
  }
  return {
    AUTH_SECRET: process.env.AUTH_SECRET || secrets.AUTH_SECRET,
    SOTTO_ENCRYPTION_KEYS: process.env.SOTTO_ENCRYPTION_KEYS || secrets.SOTTO_ENCRYPTION_KEYS,
  };
}

/** Fixed, obviously fake secrets for the test server (never used anywhere else). */
export const TEST_SECRETS = {
  AUTH_SECRET: "test-only-auth-secret-0123456789abcdefghijklmnopqrstuv",
  // 32 bytes of 0x01, base64.
  SOTTO_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 1).toString("base64")}`,
  // e2e/webhooks.spec.ts signs Meta deliveries with it, as Meta would with the app secret.
  META_APP_SECRET: "test-only-meta-app-secret",
  META_VERIFY_TOKEN: "test-only-meta-verify-token",
};
