import path from "node:path";
import { env, isProduction } from "@/lib/env";
import type { TStorageDriver } from "./driver";
import { localDriver } from "./local";
import { s3Driver } from "./s3";

/**
 * The driver the configuration names. Kept apart from storage.ts (server-only)
 * so the seed script can store the demo's files where the app will look.
 */
export function configuredDriver(): TStorageDriver {
  const kind = env.STORAGE_DRIVER ?? (env.S3_BUCKET ? "s3" : "local");
  if (kind === "s3") {
    if (!env.S3_BUCKET) throw new Error("S3_BUCKET is required for the s3 storage driver");
    const credentials = env.S3_ACCESS_KEY_ID && env.S3_SECRET_ACCESS_KEY ? { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY } : undefined;
    return s3Driver({ bucket: env.S3_BUCKET, region: env.S3_REGION, endpoint: env.S3_ENDPOINT, forcePathStyle: env.S3_FORCE_PATH_STYLE, credentials });
  }
  if (isProduction() && !env.STORAGE_ALLOW_LOCAL_IN_PRODUCTION) {
    throw new Error("Attachments on local disk are refused in production: set S3_BUCKET (docs/STORAGE.md), or STORAGE_ALLOW_LOCAL_IN_PRODUCTION=1 on a single host with a persistent volume");
  }
  return localDriver(path.resolve(env.STORAGE_LOCAL_DIR));
}
