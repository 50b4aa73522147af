import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { assertStorageKey, isStorageKey, newStorageKey, tenantOfKey } from "./keys";
import { localDriver } from "./local";
import { readLimited } from "./read-limited";
import { AttachmentRefused } from "./errors";

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

describe("storage keys", () => {
  it("are tenant-prefixed and random", () => {
    const a = newStorageKey("tenant_1", new Date("2026-03-05T00:00:00Z"));
    const b = newStorageKey("tenant_1", new Date("2026-03-05T00:00:00Z"));
    expect(a).toMatch(/^t\/tenant_1\/2026\/03\/[a-f0-9]{32}$/);
    expect(a).not.toBe(b);
    expect(tenantOfKey(a)).toBe("tenant_1");
  });

  it("refuse anything that could leave the tenant's prefix", () => {
    for (const bad of ["../etc/passwd", "t/tenant_1/2026/03/../../../x", "/t/tenant_1/2026/03/" + "a".repeat(32), "t/tenant_1/2026/03/" + "a".repeat(31) + "/", "t/ten/ant/2026/03/" + "a".repeat(32), "t/tenant_1/2026/03/" + "A".repeat(32), "t\\tenant_1\\2026\\03\\x"]) {
      expect(isStorageKey(bad)).toBe(false);
      expect(() => assertStorageKey(bad)).toThrow();
    }
    expect(() => newStorageKey("../x", new Date())).toThrow();
  });

  it("are refused for another tenant", () => {
    const key = newStorageKey("tenant_a", new Date());
    expect(() => assertStorageKey(key, "tenant_b")).toThrow(/another tenant/);
    expect(assertStorageKey(key, "tenant_a")).toBe(key);
  });
});

describe("local driver", () => {
  it("writes whole files under its root, reads and deletes them, and refuses bad keys", async () => {
    const root = await mkdtemp(path.join(tmpdir(), "sotto-storage-"));
    dirs.push(root);
    const driver = localDriver(root);
    const key = newStorageKey("tenant_1", new Date("2026-01-01T00:00:00Z"));
    await driver.put(key, new TextEncoder().encode("hello"), "text/plain");
    expect(new TextDecoder().decode((await driver.get(key))!)).toBe("hello");
    // No temporary files are left beside it.
    expect(await readdir(path.join(root, "t/tenant_1/2026/01"))).toEqual([key.split("/").pop()]);
    await driver.remove([key, newStorageKey("tenant_1", new Date())]);
    expect(await driver.get(key)).toBeNull();
    await expect(driver.get("../../etc/passwd")).rejects.toThrow();
    await expect(driver.put("t/x/../../../../tmp/evil", new Uint8Array(1), "text/plain")).rejects.toThrow();
  });
});

describe("readLimited", () => {
  it("stops reading as soon as a stream crosses the limit", async () => {
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        if (pulled > 100) return controller.close();
        controller.enqueue(new Uint8Array(1024));
      },
    });
    const e = await readLimited(stream, 4 * 1024).then(() => null, (err: unknown) => err);
    expect(e).toBeInstanceOf(AttachmentRefused);
    expect((e as AttachmentRefused).code).toBe("too_large");
    // A few chunks past the limit at most (the stream's queue), never the whole body.
    expect(pulled).toBeLessThan(10);
  });

  it("hashes what it reads", async () => {
    const { bytes, sha256 } = await readLimited(new Blob(["abc"]).stream(), 10);
    expect(bytes.byteLength).toBe(3);
    expect(sha256).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });
});
