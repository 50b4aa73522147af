import JSZip from "jszip";
import { csvRow } from "@/lib/audit/csv";

/** JSON for export files: dates as ISO strings, bigints as strings. */
export function exportJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v), 2);
}

/** One CSV per store: the union of the rows' columns, nested values as JSON, formula-safe cells. */
export function rowsToCsv(rows: readonly Record<string, unknown>[]): string {
  const columns: string[] = [];
  for (const r of rows) for (const k of Object.keys(r)) if (!columns.includes(k)) columns.push(k);
  if (!columns.length) return "";
  const cell = (v: unknown) => (typeof v === "bigint" ? v.toString() : v);
  return csvRow(columns) + rows.map((r) => csvRow(columns.map((c) => cell(r[c])))).join("");
}

export type TExportPart = { store: string; label: string; category: string; rows: Record<string, unknown>[] };

export type TExportMeta = {
  requestId: string;
  tenantName: string;
  generatedAt: Date;
  purpose: "subject" | "verification";
  retained?: { store: string; ref: string; basis: string }[];
};

/** The zip handed to the requester: README, manifest, and `<store>.json` + `<store>.csv` for every store. */
export async function buildExportZip(meta: TExportMeta, parts: readonly TExportPart[]): Promise<Uint8Array> {
  const zip = new JSZip();
  const manifest = {
    requestId: meta.requestId,
    controller: meta.tenantName,
    generatedAt: meta.generatedAt.toISOString(),
    purpose: meta.purpose,
    stores: parts.map((p) => ({ name: p.store, label: p.label, category: p.category, rows: p.rows.length, files: [`${p.store}.json`, `${p.store}.csv`] })),
    ...(meta.retained ? { legallyRetained: meta.retained } : {}),
  };
  const lines = [
    `Your data held by ${meta.tenantName}`,
    "",
    `Generated ${meta.generatedAt.toISOString()} for privacy request ${meta.requestId}.`,
    "Each data store has a JSON file (complete, machine-readable) and a CSV file (for spreadsheets).",
    "",
    ...parts.map((p) => `- ${p.label} (${p.store}): ${p.rows.length} record${p.rows.length === 1 ? "" : "s"}`),
    "",
    "Audit trail references list security events that mention you; the events themselves are kept",
    "for 12 months in a tamper-evident log and are referenced here, not copied.",
    "",
  ];
  zip.file("README.txt", lines.join("\n"));
  zip.file("manifest.json", exportJson(manifest));
  for (const p of parts) {
    zip.file(`${p.store}.json`, exportJson(p.rows));
    zip.file(`${p.store}.csv`, rowsToCsv(p.rows));
  }
  return zip.generateAsync({ type: "uint8array", compression: "DEFLATE", compressionOptions: { level: 6 } });
}
