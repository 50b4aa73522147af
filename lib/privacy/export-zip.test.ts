import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { inflateRawSync } from "node:zlib";
import { buildExportZip, packJsonTexts, packStoreFiles, rowsToCsv, type TZipEntry } from "./export-zip";

describe("rowsToCsv", () => {
  it("takes the union of columns, serialises nested values and neutralises formulas", () => {
    const csv = rowsToCsv([{ a: 1, b: "=HYPERLINK()" }, { a: 2, c: { x: [1] }, d: new Date("2026-01-01T00:00:00Z") }]);
    expect(csv.split("\r\n")).toEqual(["a,b,c,d", "1,'=HYPERLINK(),,", '2,,"{""x"":[1]}",2026-01-01T00:00:00.000Z', ""]);
  });
  it("is empty for no rows", () => expect(rowsToCsv([])).toBe(""));
});

describe("buildExportZip", () => {
  it("holds a README, a manifest and a JSON and CSV file per store", async () => {
    const bytes = await buildExportZip(
      { requestId: "r1", tenantName: "Acme", generatedAt: new Date("2026-02-01T00:00:00Z"), purpose: "subject" },
      [
        { store: "messages", label: "Messages", category: "conversation-logs", rows: [{ id: "m1", text: "Ciao", seq: 10n }] },
        { store: "contacts", label: "Contact", category: "conversation-logs", rows: [] },
      ],
    );
    const zip = await JSZip.loadAsync(bytes);
    expect(Object.keys(zip.files).sort()).toEqual(["README.txt", "contacts.csv", "contacts.json", "manifest.json", "messages.csv", "messages.json"]);
    expect(JSON.parse(await zip.file("messages.json")!.async("string"))).toEqual([{ id: "m1", text: "Ciao", seq: "10" }]);
    const manifest = JSON.parse(await zip.file("manifest.json")!.async("string"));
    expect(manifest.stores.map((s: { name: string; rows: number }) => [s.name, s.rows])).toEqual([["messages", 1], ["contacts", 0]]);
  });
});

describe("packJsonTexts", () => {
  const text = (e: TZipEntry) => Buffer.from(e.method === 8 ? inflateRawSync(e.data) : e.data).toString("utf8");
  const files = async (entries: Promise<TZipEntry[]>) => Object.fromEntries((await entries).map((e) => [e.path, { text: text(e), size: e.size, crc: e.crc }]));
  const awkward = ['=1+1', 'say "hi", twice', "line\nbreak", "é ☃ 𝄞", "", null, 0, 1.5, true, { nested: ["=x", { y: null }] }, [], {}];
  const row = (i: number) => ({ id: `r${i}`, n: i, v: awkward[i % awkward.length], at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString() });

  it("writes the same files as packStoreFiles, across batches", async () => {
    for (const n of [0, 1, 499, 500, 501, 1234]) {
      const rows = Array.from({ length: n }, (_, i) => row(i));
      const got = await files(packJsonTexts("s", rows.map((r) => JSON.stringify(r))));
      const want = await files(packStoreFiles("s", rows));
      expect(got, `${n} rows`).toEqual(want);
      expect(got["s.json"]!.text).toBe(JSON.stringify(rows, null, 2));
    }
  });

  it("falls back to the union of columns when rows differ in keys", async () => {
    const rows = [{ a: 1 }, ...Array.from({ length: 600 }, (_, i) => ({ a: i, b: "x" })), { b: 2, a: 3 }, {}];
    const got = await files(packJsonTexts("s", rows.map((r) => JSON.stringify(r))));
    expect(got).toEqual(await files(packStoreFiles("s", rows)));
    expect(got["s.csv"]!.text.split("\r\n")[0]).toBe("a,b");
  });
});
