/**
 * Where attachment bytes live. Drivers take keys made by `newStorageKey` (and
 * re-check them), whole objects of at most ATTACHMENT_MAX_BYTES, and never see
 * file names or tenants' data other than the bytes.
 */
export type TStorageDriver = {
  readonly name: "local" | "s3";
  /** Writes the object completely or not at all. */
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** The object's bytes, or null when there is none. */
  get(key: string): Promise<Uint8Array | null>;
  /** Deletes the objects; keys that do not exist are not an error. */
  remove(keys: string[]): Promise<void>;
};
