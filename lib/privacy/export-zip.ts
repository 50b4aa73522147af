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

/** A store's rows, or its two files packed ahead (`JsonFilesPacker`) with the row count. */
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

const CLOSE = Buffer.from("\n]");

/**
 * A store's `<store>.json` and `<store>.csv`, compressed, from the JSON
 * texts of its rows as PostgreSQL built them (stores' `exportSql`),
 * given batch by batch as a cursor fetches them. Building a store as objects
 * and then as multi-megabyte strings cost more in garbage collection and
 * UTF-8 encoding (one emoji makes a string two bytes a character, and slow to
 * encode) than the work itself: here each batch's rows are parsed, written
 * row by row into one buffer per file (only rows with such characters pay)
 * and handed to the compressors, which run in the thread pool while the next
 * batch is read and written.
 *
 * A row's pretty JSON is JSON.stringify([row], null, 2): "[\n", the row
 * indented as inside the array, "\n]". Written end to end, each row's
 * opening bracket becomes the separating comma and its closing lines are
 * overwritten by the next row, so the file is what JSON.stringify(rows,
 * null, 2) writes. The CSV's columns are the first row's keys: jsonRows
 * objects all have the same keys, and rows that differ are refused rather
 * than written under the wrong header.
 */
export class JsonFilesPacker {
  private readonly json: TEntryWriter;
  private readonly csv: TEntryWriter;
  private columns: string[] | null = null;
  private rows = 0;

  constructor(private readonly store: string) {
    this.json = entryWriter(`${store}.json`);
    this.csv = entryWriter(`${store}.csv`);
  }

  get rowCount(): number {
    return this.rows;
  }

  async add(texts: readonly string[]): Promise<void> {
    if (!texts.length) return;
    const pretty: string[] = new Array(texts.length);
    const lines: string[] = new Array(texts.length);
    let header = "";
    let jsonBytes = 2; // the last row's "\n]", written then dropped
    let csvBytes = 0;
    for (let i = 0; i < texts.length; i++) {
      const row = JSON.parse(texts[i]!) as Record<string, unknown>;
      const keys = Object.keys(row);
      if (!this.columns) {
        if (!keys.length) throw new Error(`${this.store}: export rows need at least one column`);
        this.columns = keys;
        header = csvRow(keys);
        csvBytes += Buffer.byteLength(header);
      } else if (keys.length !== this.columns.length || keys.some((k, n) => k !== this.columns![n])) {
        throw new Error(`${this.store}: export rows differ in their columns`);
      }
      const columns = this.columns;
      pretty[i] = JSON.stringify([row], null, 2);
      lines[i] = csvRow(columns.map((c) => row[c]));
      jsonBytes += Buffer.byteLength(pretty[i]!) - 2;
      csvBytes += Buffer.byteLength(lines[i]!);
    }
    const json = Buffer.allocUnsafe(jsonBytes);
    let at = 0;
    for (let i = 0; i < pretty.length; i++) {
      const start = at;
      at += json.write(pretty[i]!, at);
      if (this.rows + i > 0) json[start] = 0x2c; // "," in place of the row's "["
      at -= 2; // its "\n]": overwritten by the next row, or written by finish()
    }
    const csv = Buffer.allocUnsafe(csvBytes);
    let cat = header ? csv.write(header, 0) : 0;
    for (const line of lines) cat += csv.write(line, cat);
    this.rows += texts.length;
    await Promise.all([this.json.write(json.subarray(0, at)), this.csv.write(csv.subarray(0, cat))]);
  }

  async finish(): Promise<TZipEntry[]> {
    await this.json.write(this.rows ? CLOSE : Buffer.from("[]"));
    return Promise.all([this.json.end(), this.csv.end()]);
  }

  /** Stops the compressors (the unit failed). */
  abort(): void {
    this.json.abort();
    this.csv.abort();
  }
}

/** JsonFilesPacker over rows given all at once. */
export async function packJsonTexts(store: string, texts: readonly string[], batch = 500): Promise<TZipEntry[]> {
  const packer = new JsonFilesPacker(store);
  try {
    for (let i = 0; i < texts.length; i += batch) await packer.add(texts.slice(i, i + batch));
    return await packer.finish();
  } catch (error) {
    packer.abort();
    throw error;
  }
}

/** Entries up to this size keep their bytes, to be stored rather than deflated when that is smaller. */
const STORE_LIMIT = 64 * 1024;

/** Bytes an entry's compressor may have queued before write() waits: a few batches, so writing and compressing overlap. */
const QUEUE_BYTES = 8 * 1024 * 1024;

/**
 * One zip entry deflated as it is written (packEntry's result, streamed):
 * CRC and size accumulate per chunk. write() resolves at once while the
 * compressor's queue is short, so the next batch is written while the thread
 * pool compresses this one.
 */
type TEntryWriter = { write(bytes: Buffer): Promise<void>; end(): Promise<TZipEntry>; abort(): void };

function entryWriter(path: string): TEntryWriter {
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
      // Past its high-water mark the stream still queues; it emits "drain" once empty.
      return z.write(bytes) || z.writableLength < QUEUE_BYTES ? Promise.resolve() : new Promise((resolve) => z.once("drain", resolve));
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
