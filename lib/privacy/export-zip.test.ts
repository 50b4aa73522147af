import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { buildExportZip, rowsToCsv } from "./export-zip";

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
