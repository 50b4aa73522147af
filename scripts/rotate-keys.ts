/**
 * Key rotation from the command line.
 *
 *   npm run keys:rotate                      re-encrypt everything under the current (last) key
 *   npm run keys:rotate -- --new-key [id]    print a new key entry to append to SOTTO_ENCRYPTION_KEYS
 *
 * Procedure: append the new entry to SOTTO_ENCRYPTION_KEYS everywhere and deploy
 * (new writes use it, old ciphertexts still decrypt), run this script, then
 * remove the old entry once it reports nothing left and no failures.
 */
import { register } from "node:module";

// The library modules import "server-only", which throws outside React Server
// Components; a plain Node process is server-side, so it resolves to nothing here.
const hook = `export async function resolve(specifier, context, next) {
  if (specifier === "server-only") return { url: "data:text/javascript,export{}", shortCircuit: true };
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`);

const USAGE = `Usage:
  npm run keys:rotate                          re-encrypt all registered columns under the current key
  npm run keys:rotate -- --batch-size 200      same, with a smaller batch (default 500)
  npm run keys:rotate -- --new-key [id]        print a new "id:key" entry for SOTTO_ENCRYPTION_KEYS`;

function defaultKeyId(): string {
  return `k${new Date().toISOString().slice(0, 10).replace(/-/g, "")}`;
}

async function newKey(id: string | undefined): Promise<void> {
  const { generateKeySpec } = await import("../lib/crypto/key-ring.ts");
  const spec = generateKeySpec(id && !id.startsWith("--") ? id : defaultKeyId());
  console.log(spec);
  console.error('\nAppend it as the LAST entry of SOTTO_ENCRYPTION_KEYS (comma-separated), deploy, then run "npm run keys:rotate".');
  console.error("Store it in your secret manager; it is shown only once.");
}

async function rotate(batchSize: number | undefined): Promise<number> {
  const { reencryptAll } = await import("../lib/crypto/rotate.ts");
  const { db, pool } = await import("../lib/db/client.ts");
  try {
    const started = Date.now();
    const result = await reencryptAll({
      batchSize,
      onBatch: (b) => console.log(`  ${b.tenantId}  ${b.field}: ${b.rotated} re-encrypted${b.failed ? `, ${b.failed} FAILED` : ""}`),
    });
    console.log(`\nCurrent key: ${result.currentKeyId}. Tenants: ${result.tenants}. Took ${((Date.now() - started) / 1000).toFixed(1)}s.`);
    for (const [field, c] of Object.entries(result.fields)) {
      console.log(`  ${field.padEnd(32)} scanned ${c.scanned}, re-encrypted ${c.rotated}, failed ${c.failed}`);
    }
    if (result.failures.length) {
      console.error("\nThese rows could not be decrypted and were left untouched (tampered, copied between rows, or under a key no longer configured):");
      for (const f of result.failures) console.error(`  ${f.table}.${f.column} id=${f.id} tenant=${f.tenantId} (${f.reason})`);
      console.error("Do not remove old keys until these are resolved.");
      return 1;
    }
    console.log("\nNothing left under older keys; they can be removed from SOTTO_ENCRYPTION_KEYS.");
    return 0;
  } finally {
    await db().$disconnect();
    await pool().end();
  }
}

async function main(argv: string[]): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log(USAGE);
    return 0;
  }
  const nk = argv.indexOf("--new-key");
  if (nk >= 0) {
    await newKey(argv[nk + 1]);
    return 0;
  }
  const bs = argv.indexOf("--batch-size");
  const batchSize = bs >= 0 ? Number(argv[bs + 1]) : undefined;
  if (batchSize !== undefined && !(Number.isInteger(batchSize) && batchSize > 0)) {
    console.error(USAGE);
    return 2;
  }
  return rotate(batchSize);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    // Config errors are written for operators; anything else gets its stack.
    console.error(err instanceof Error && err.name === "KeyRingConfigError" ? err.message : err);
    process.exit(1);
  },
);
