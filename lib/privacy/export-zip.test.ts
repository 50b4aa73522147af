import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { inflateRawSync } from "node:zlib";
import { buildExportZip, exportJson, packEntry, packJsonTexts, rowsToCsv, type TZipEntry } from "./export-zip";

/**
 * The reference for packJsonTexts: a store's two files from its rows as
 * objects, the CSV built from the JSON's values (dates as ISO strings,
 * bigints as strings, undefined fields absent), as exports were written
 * before PostgreSQL serialised the rows.
 */
async function packStoreFiles(store: string, rows: readonly unknown[]): Promise<TZipEntry[]> {
  const json = exportJson(rows);
  return Promise.all([packEntry(`${store}.json`, json), packEntry(`${store}.csv`, rowsToCsv(JSON.parse(json) as Record<string, unknown>[]))]);
}

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
  const files = async (entries: Promise<TZipEntry[]>) => Object.fromEntries((await entries).map((e) => [e.path, { text: text(e), size: e.size, crc: e.crc, method: e.method }]));
  const awkward = ["=1+1", 'say "hi", twice', "line\nbreak", "é ☃ 𝄞", "", null, 0, 1.5, true, { nested: ["=x", { y: null }] }, [], {}];
  const row = (i: number) => ({ id: `r${i}`, n: i, v: awkward[i % awkward.length], at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString() });

  it("writes the same files as packStoreFiles, whatever the batches", async () => {
    for (const n of [0, 1, 2, 499, 500, 501, 1234]) {
      for (const batch of [1, 7, 500]) {
        const rows = Array.from({ length: n }, (_, i) => row(i));
        const got = await files(packJsonTexts("s", rows.map((r) => JSON.stringify(r)), batch));
        const want = await files(packStoreFiles("s", rows));
        expect({ ...got["s.json"], method: 0 }, `${n} rows by ${batch}`).toEqual({ ...want["s.json"], method: 0 });
        expect({ ...got["s.csv"], method: 0 }, `${n} rows by ${batch}`).toEqual({ ...want["s.csv"], method: 0 });
        expect(got["s.json"]!.text).toBe(JSON.stringify(rows, null, 2));
      }
    }
  });

  it("refuses rows whose columns differ (the CSV header would be wrong)", async () => {
    await expect(packJsonTexts("s", [JSON.stringify({ a: 1 }), JSON.stringify({ a: 2, b: 3 })])).rejects.toThrow(/differ in their columns/);
    await expect(packJsonTexts("s", [JSON.stringify({ a: 1 }), JSON.stringify({ b: 2 })])).rejects.toThrow(/differ in their columns/);
  });
});
