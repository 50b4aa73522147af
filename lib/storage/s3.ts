import { DeleteObjectsCommand, GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client, type S3ClientConfig } from "@aws-sdk/client-s3";
import { createHash } from "node:crypto";
import { assertStorageKey } from "./keys";
import type { TStorageDriver } from "./driver";

export type TS3Config = {
  bucket: string;
  region: string;
  endpoint?: string;
  forcePathStyle?: boolean;
  credentials?: { accessKeyId: string; secretAccessKey: string };
};

/**
 * Any S3-compatible object store (AWS S3, MinIO, Ceph, R2…). Objects are
 * private (no ACL is set: the bucket's default, which must not be public);
 * downloads go through Sotto's signed URLs, never the bucket's. PutObject is
 * atomic on S3, so there is no partial object to clean up.
 */
export function s3Driver(config: TS3Config, client?: S3Client): TStorageDriver {
  const options: S3ClientConfig = {
    region: config.region,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    forcePathStyle: config.forcePathStyle ?? false,
    ...(config.credentials ? { credentials: config.credentials } : {}),
    maxAttempts: 3,
  };
  const s3 = client ?? new S3Client(options);
  return {
    name: "s3",
    async put(key, bytes, contentType) {
      await s3.send(
        new PutObjectCommand({
          Bucket: config.bucket,
          Key: assertStorageKey(key),
          Body: bytes,
          ContentType: contentType,
          ContentLength: bytes.byteLength,
          // The store verifies the body it received against this.
          ContentMD5: createHash("md5").update(bytes).digest("base64"),
        }),
      );
    },
    async get(key) {
      try {
        const out = await s3.send(new GetObjectCommand({ Bucket: config.bucket, Key: assertStorageKey(key) }));
        if (!out.Body) return null;
        return await out.Body.transformToByteArray();
      } catch (error) {
        if (error instanceof NoSuchKey || (error as { name?: string }).name === "NoSuchKey" || (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return null;
        throw error;
      }
    },
    async remove(keys) {
      const valid = keys.map((k) => assertStorageKey(k));
      // DeleteObjects takes at most 1000 keys per request.
      for (let i = 0; i < valid.length; i += 1000) {
        const out = await s3.send(
          new DeleteObjectsCommand({ Bucket: config.bucket, Delete: { Objects: valid.slice(i, i + 1000).map((Key) => ({ Key })), Quiet: true } }),
        );
        const failed = (out.Errors ?? []).filter((e) => e.Code !== "NoSuchKey");
        if (failed.length) throw new Error(`S3 refused to delete ${failed.length} object(s): ${failed[0]!.Code ?? "error"}`);
      }
    },
  };
}
