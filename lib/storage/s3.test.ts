import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newStorageKey } from "./keys";
import { s3Driver } from "./s3";
import { startFakeS3, type TFakeS3 } from "./testing/fake-s3";

/** The S3 driver through the real AWS SDK against an S3-compatible server on loopback. */
let fake: TFakeS3;
beforeAll(async () => {
  fake = await startFakeS3({ bucket: "sotto-test", accessKeyId: "AKIDTEST" });
});
afterAll(() => fake.close());

const driver = () =>
  s3Driver({ bucket: "sotto-test", region: "us-east-1", endpoint: fake.url, forcePathStyle: true, credentials: { accessKeyId: "AKIDTEST", secretAccessKey: "secret" } });

describe("s3 driver", () => {
  it("puts, gets and deletes objects under the tenant's key", async () => {
    const d = driver();
    const key = newStorageKey("tenant_s3", new Date("2026-02-01T00:00:00Z"));
    const bytes = new TextEncoder().encode("%PDF-1.4 fake invoice");
    await d.put(key, bytes, "application/pdf");
    expect(fake.objects.get(key)?.body.toString()).toBe("%PDF-1.4 fake invoice");
    expect(fake.objects.get(key)?.contentType).toBe("application/pdf");
    expect(fake.requests.at(-1)!.method).toBe("PUT");
    expect(fake.requests.at(-1)!.path.split("?")[0]).toBe(`/sotto-test/${key}`);
    expect(new TextDecoder().decode((await d.get(key))!)).toBe("%PDF-1.4 fake invoice");
    await d.remove([key]);
    expect(fake.objects.has(key)).toBe(false);
    expect(await d.get(key)).toBeNull();
  });

  it("refuses keys that are not ours before calling the store", async () => {
    const before = fake.requests.length;
    await expect(driver().put("../other-bucket/x", new Uint8Array(1), "text/plain")).rejects.toThrow(/invalid storage key/);
    await expect(driver().remove(["t/../../x"])).rejects.toThrow(/invalid storage key/);
    expect(fake.requests.length).toBe(before);
  });

  it("surfaces the store's refusal (wrong credentials)", async () => {
    const d = s3Driver({ bucket: "sotto-test", region: "us-east-1", endpoint: fake.url, forcePathStyle: true, credentials: { accessKeyId: "WRONG", secretAccessKey: "x" } });
    await expect(d.put(newStorageKey("tenant_s3", new Date()), new Uint8Array([1]), "text/plain")).rejects.toThrow();
  });
});
