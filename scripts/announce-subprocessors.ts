/**
 * Announces a change of lib/marketing/subprocessors.ts to every tenant now
 * (the daily Inngest cron does the same):
 *
 *   DATABASE_URL=… npx tsx --conditions=react-server scripts/announce-subprocessors.ts
 *
 * (`react-server` lets the server-only modules load outside Next).
 */
import { announceSubprocessorChanges, subprocessorListVersion } from "../lib/privacy/subprocessor-notices";

announceSubprocessorChanges()
  .then((r) => {
    console.log(`Sub-processor list ${subprocessorListVersion()}: ${r.tenants} tenants, ${r.notices} notices, ${r.emails} emails, ${r.baselines} baselines.`);
    process.exit(0);
  })
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
