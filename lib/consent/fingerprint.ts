import { createHash } from "node:crypto";
import { fingerprintSource } from "./canonical";

/** SHA-256 (hex) of the canonical policy and version: the server's own view of what a banner showed. */
export function policyFingerprint(policy: unknown, version: number): string {
  return createHash("sha256").update(fingerprintSource(policy, version), "utf8").digest("hex");
}
