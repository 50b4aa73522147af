import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { assertStorageKey } from "./keys";
import type { TStorageDriver } from "./driver";

/**
 * Files on local disk (development, tests, single-host installs). A write goes
 * to a temporary name in the same directory and is renamed into place, so a
 * reader never sees half a file and a crash leaves only a `.tmp-*` file.
 */
export function localDriver(root: string): TStorageDriver {
  const base = path.resolve(root);
  const fileOf = (key: string) => {
    const file = path.resolve(base, assertStorageKey(key));
    // The key pattern already rules out "..", absolute paths and separators; this is the second lock.
    if (!file.startsWith(base + path.sep)) throw new Error("storage key escapes the storage directory");
    return file;
  };
  return {
    name: "local",
    async put(key, bytes) {
      const file = fileOf(key);
      await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
      const tmp = `${file}.tmp-${randomBytes(6).toString("hex")}`;
      try {
        await writeFile(tmp, bytes, { mode: 0o600, flag: "wx" });
        await rename(tmp, file);
      } catch (error) {
        await rm(tmp, { force: true });
        throw error;
      }
    },
    async get(key) {
      try {
        return new Uint8Array(await readFile(fileOf(key)));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw error;
      }
    },
    async remove(keys) {
      for (const key of keys) await rm(fileOf(key), { force: true });
    },
  };
}
