import { promisify } from "node:util";
import { crc32, createDeflateRaw, deflateRaw, inflateRaw } from "node:zlib";
import { csvRow } from "@/lib/audit/csv";

/** JSON for export files: dates as ISO strings, bigints as strings; `space` 0 for internal, compact copies. */
export function exportJson(value: unknown, space = 2): string {
  // A replacer function costs a call per value (tens of thousands of rows per
  // export); bigints are rare, so serialise without one and redo with it only
  // when JSON.stringify refuses a bigint. The output is the same either way.
  try {
    return JSON.stringify(value, null, space || undefined);
  } catch (e) {
    if (!(e instanceof TypeError) || !/BigInt/i.test(e.message)) throw e;
    return JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v), space || undefined);
  }
}

/** One CSV per store: the union of the rows' columns, nested values as JSON, formula-safe cells. */
export function rowsToCsv(rows: readonly Record<string, unknown>[]): string {
  const columns: string[] = [];
  for (const r of rows) for (const k of Object.keys(r)) if (!columns.includes(k)) columns.push(k);
  if (!columns.length) return "";
  const cell = (v: unknown) => (typeof v === "bigint" ? v.toString() : v);
  return csvRow(columns) + rows.map((r) => csvRow(columns.map((c) => cell(r[c])))).join("");
}

/**
 * A zip entry already compressed, with its CRC. Export steps pack their
 * store's JSON and CSV as they fetch the rows, so assembly only concatenates:
 * it used to decode every part back into objects (10,000 messages and their
 * webhook deliveries) to serialise them again.
 */
export type TZipEntry = { path: string; crc: number; size: number; method: 0 | 8; data: Uint8Array };

/** A store's rows, or its two files packed ahead (`packStoreFiles`) with the row count. */
export type TExportPart = { store: string; label: string; category: string } & (
  | { rows: Record<string, unknown>[] }
  | { rowCount: number; files: readonly TZipEntry[] }
);

const partRows = (p: TExportPart) => ("rows" in p ? p.rows.length : p.rowCount);

export type TExportMeta = {
  requestId: string;
  tenantName: string;
  generatedAt: Date;
  purpose: "subject" | "verification";
  retained?: { store: string; ref: string; basis: string }[];
};

/** A stored file included as itself (attachments), under `files/`. */
export type TExportFile = { path: string; bytes: Uint8Array };

/** The zip handed to the requester: README, manifest, `<store>.json` + `<store>.csv` for every store, and attachment files. */
export async function buildExportZip(meta: TExportMeta, parts: readonly TExportPart[], files: readonly TExportFile[] = []): Promise<Uint8Array> {
  const entries: Promise<TZipEntry>[] = [];
  const add = (path: string, content: string | Uint8Array) => entries.push(packEntry(path, content));
  const manifest = {
    requestId: meta.requestId,
    controller: meta.tenantName,
    generatedAt: meta.generatedAt.toISOString(),
    purpose: meta.purpose,
    stores: parts.map((p) => ({ name: p.store, label: p.label, category: p.category, rows: partRows(p), files: [`${p.store}.json`, `${p.store}.csv`] })),
    ...(files.length ? { attachmentFiles: files.map((f) => f.path) } : {}),
    ...(meta.retained ? { legallyRetained: meta.retained } : {}),
  };
  const lines = [
    `Your data held by ${meta.tenantName}`,
    "",
    `Generated ${meta.generatedAt.toISOString()} for privacy request ${meta.requestId}.`,
    "Each data store has a JSON file (complete, machine-readable) and a CSV file (for spreadsheets).",
    "",
    ...parts.map((p) => `- ${p.label} (${p.store}): ${partRows(p)} record${partRows(p) === 1 ? "" : "s"}`),
    "",
    "Audit trail references list security events that mention you; the events themselves are kept",
    "for 12 months in a tamper-evident log and are referenced here, not copied.",
    "",
  ];
  add("README.txt", lines.join("\n"));
  add("manifest.json", exportJson(manifest));
  for (const p of parts) {
    if ("rows" in p) {
      add(`${p.store}.json`, exportJson(p.rows));
      add(`${p.store}.csv`, rowsToCsv(p.rows));
    } else {
      entries.push(...p.files.map((f) => Promise.resolve(f)));
    }
  }
  for (const f of files) add(f.path, f.bytes);
  return writeZip(await Promise.all(entries), meta.generatedAt);
}

/**
 * A store's `<store>.json` and `<store>.csv`, compressed. The CSV is built
 * from the JSON's values, as when parts were stored as JSON and read back:
 * dates as ISO strings, bigints as strings, undefined fields absent.
 */
export async function packStoreFiles(store: string, rows: readonly unknown[]): Promise<TZipEntry[]> {
  const json = exportJson(rows);
  return Promise.all([packEntry(`${store}.json`, json), packEntry(`${store}.csv`, rowsToCsv(JSON.parse(json) as Record<string, unknown>[]))]);
}

/** Rows per batch in packJsonTexts: small enough that a batch's objects and buffers die young. */
const TEXT_BATCH = 500;
const OPEN = Buffer.from("[\n");
const NEXT = Buffer.from(",\n");
const CLOSE = Buffer.from("\n]");

/**
 * packStoreFiles for rows given as their JSON texts (one per row, built by
 * PostgreSQL: export stores' `exportJson`), with the same two files as
 * result. Written row by row and compressed batch by batch: a store built as
 * objects and then as multi-megabyte strings cost more in garbage collection
 * and UTF-8 encoding (a string holding one emoji is two bytes a character,
 * and encodes slowly) than in the work itself; encoded row by row, only the
 * rows with such characters pay. Compression runs in the thread pool while
 * the next batch is written.
 *
 * A row's pretty JSON inside the array is JSON.stringify([row], null, 2)
 * without its brackets, so the file is what JSON.stringify(rows, null, 2)
 * writes. The CSV's columns are the first row's keys; rows of differing keys
 * (never from jsonRows) take packStoreFiles's path, which takes the union.
 */
export async function packJsonTexts(store: string, texts: readonly string[]): Promise<TZipEntry[]> {
  const columns = texts.length ? Object.keys(JSON.parse(texts[0]!) as object) : [];
  if (texts.length && !columns.length) return packStoreFiles(store, texts.map((t) => JSON.parse(t) as unknown));
  const json = entryWriter(`${store}.json`);
  const csv = entryWriter(`${store}.csv`);
  if (!texts.length) {
    await json.write(Buffer.from("[]"));
    return Promise.all([json.end(), csv.end()]);
  }
  await csv.write(Buffer.from(csvRow(columns), "utf8"));
  for (let i = 0; i < texts.length; i += TEXT_BATCH) {
    const batch = texts.slice(i, i + TEXT_BATCH);
    const jsonParts: Buffer[] = [];
    const csvParts: Buffer[] = [];
    for (let j = 0; j < batch.length; j++) {
      const row = JSON.parse(batch[j]!) as Record<string, unknown>;
      const keys = Object.keys(row);
      if (keys.length !== columns.length || keys.some((k, n) => k !== columns[n])) {
        json.abort();
        csv.abort();
        return packStoreFiles(store, texts.map((t) => JSON.parse(t) as unknown));
      }
      const pretty = Buffer.from(JSON.stringify([row], null, 2), "utf8");
      jsonParts.push(i + j ? NEXT : OPEN, pretty.subarray(2, pretty.length - 2));
      csvParts.push(Buffer.from(csvRow(columns.map((c) => row[c])), "utf8"));
    }
    await Promise.all([json.write(Buffer.concat(jsonParts)), csv.write(Buffer.concat(csvParts))]);
  }
  await json.write(CLOSE);
  return Promise.all([json.end(), csv.end()]);
}

/** Entries up to this size keep their bytes, to be stored rather than deflated when that is smaller. */
const STORE_LIMIT = 64 * 1024;

/**
 * One zip entry deflated as it is written (packEntry's result, streamed):
 * CRC and size accumulate per chunk. write() resolves once the compressor
 * took the chunk, so at most a batch waits in memory.
 */
function entryWriter(path: string) {
  const z = createDeflateRaw({ level: 6 });
  const out: Buffer[] = [];
  const raw: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    z.on("data", (d: Buffer) => out.push(d));
    z.once("end", resolve);
    z.once("error", reject);
  });
  let crc = 0;
  let size = 0;
  return {
    write(bytes: Buffer): Promise<void> {
      crc = crc32(bytes, crc);
      size += bytes.length;
      if (size <= STORE_LIMIT) raw.push(bytes);
      return z.write(bytes) ? Promise.resolve() : new Promise((resolve) => z.once("drain", resolve));
    },
    async end(): Promise<TZipEntry> {
      z.end();
      await done;
      const deflated = Buffer.concat(out);
      if (size <= STORE_LIMIT && deflated.length >= size) return { path, crc, size, method: 0, data: Buffer.concat(raw) };
      return { path, crc, size, method: 8, data: deflated };
    },
    abort(): void {
      z.destroy();
      done.catch(() => undefined);
    },
  };
}

/** The rows back from a packed `<store>.json` (attachments: to add their files). */
export async function readPackedRows(files: readonly TZipEntry[], store: string): Promise<Record<string, unknown>[]> {
  const f = files.find((e) => e.path === `${store}.json`);
  if (!f) return [];
  const bytes = f.method === 8 ? await inflate(f.data) : f.data;
  return JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8")) as Record<string, unknown>[];
}

// A plain ZIP writer on Node's native zlib. JSZip deflates in JavaScript on the
// event loop: for a contact with 10,000 messages (tens of MB of JSON and CSV)
// that was seconds of blocked CPU; native deflate in the thread pool is a
// fraction of it. Entries are deflated, or stored when that does not shrink
// them (attachments are mostly compressed already). CRCs come from zlib's
// native crc32 (a JavaScript table loop over tens of MB took ~50 ms of event
// loop). No ZIP64: an export is far below 4 GiB.
const deflate = promisify(deflateRaw);
const inflate = promisify(inflateRaw);

export async function packEntry(path: string, content: string | Uint8Array): Promise<TZipEntry> {
  const bytes = typeof content === "string" ? Buffer.from(content, "utf8") : content;
  const deflated = await deflate(bytes, { level: 6 });
  const stored = deflated.length >= bytes.length;
  return { path, crc: crc32(bytes), size: bytes.length, method: stored ? 0 : 8, data: stored ? bytes : deflated };
}

async function writeZip(entries: readonly TZipEntry[], at: Date): Promise<Uint8Array> {
  const time = (at.getUTCHours() << 11) | (at.getUTCMinutes() << 5) | (at.getUTCSeconds() >> 1);
  const date = ((Math.max(at.getUTCFullYear(), 1980) - 1980) << 9) | ((at.getUTCMonth() + 1) << 5) | at.getUTCDate();
  const packed = entries.map((e) => ({ ...e, name: Buffer.from(e.path, "utf8") }));
  const chunks: Uint8Array[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const p of packed) {
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(p.method, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(p.crc, 14);
    local.writeUInt32LE(p.data.length, 18);
    local.writeUInt32LE(p.size, 22);
    local.writeUInt16LE(p.name.length, 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    local.copy(dir, 6, 4, 30); // version needed … name length: the same fields in the same order
    dir.writeUInt32LE(offset, 42);
    central.push(dir, p.name);
    chunks.push(local, p.name, p.data);
    offset += 30 + p.name.length + p.data.length;
  }
  const dirBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(packed.length, 8);
  end.writeUInt16LE(packed.length, 10);
  end.writeUInt32LE(dirBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, dirBytes, end]);
}
