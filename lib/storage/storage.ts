import "server-only";
import { registerAttachmentFiles } from "@/lib/privacy/stores/attachments";
import type { TStorageDriver } from "./driver";
import { isStorageKey } from "./keys";
import { configuredDriver } from "./configured";

/**
 * The configured storage driver: S3-compatible when S3_BUCKET is set (or
 * STORAGE_DRIVER=s3), local disk otherwise. Production refuses local disk
 * unless STORAGE_ALLOW_LOCAL_IN_PRODUCTION is set: containers lose their disk
 * on redeploy, and attachments would vanish without anyone noticing.
 */
let current: TStorageDriver | undefined;

export function storageDriver(): TStorageDriver {
  current ??= configuredDriver();
  return current;
}

/** Tests point the module at a driver of their own (a temporary directory, a fake S3). */
export function setStorageDriver(driver: TStorageDriver | undefined): void {
  current = driver;
}

// DSR exports include the files and erasures (and the retention purge) delete them, through whichever driver is configured at the time.
// A key that is not one of ours (rows imported or written by hand) names no stored file: nothing to read or delete.
registerAttachmentFiles({
  read: async (key) => (isStorageKey(key) ? storageDriver().get(key) : null),
  remove: async (keys) => {
    const ours = keys.filter(isStorageKey);
    if (ours.length) await storageDriver().remove(ours);
  },
});
