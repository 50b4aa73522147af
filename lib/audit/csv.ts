/**
 * CSV for spreadsheets. Cells that a spreadsheet would evaluate as a formula
 * (leading = + - @, or a tab/CR that some apps strip first) get a leading quote:
 * audit data contains user-controlled text such as emails and target ids.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  let s = value instanceof Date ? value.toISOString() : typeof value === "object" ? JSON.stringify(value) : String(value);
  if (FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One record, CRLF-terminated as RFC 4180 asks. */
export function csvRow(values: readonly unknown[]): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}

export type TCsvPage<C> = { rows: readonly (readonly unknown[])[]; next: C | undefined };

/**
 * A CSV download pulled page by page, so a long history never sits in memory:
 * a BOM (spreadsheet apps otherwise guess a legacy encoding for non-ASCII
 * text) and the header first, then `fetchPage` until it returns no cursor. The
 * stream closes with the last page: a pull that enqueues nothing is not pulled
 * again, so a last page without rows (an export matching nothing) must close
 * it there or the download would hang. A failing page errors the stream
 * instead of ending it short.
 */
export function csvPagedStream<C>(header: readonly string[], fetchPage: (cursor: C | undefined) => Promise<TCsvPage<C>>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cursor: C | undefined;
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(`\uFEFF${csvRow(header)}`));
        return;
      }
      try {
        for (;;) {
          const page = await fetchPage(cursor);
          const chunk = page.rows.map(csvRow).join("");
          if (chunk) controller.enqueue(encoder.encode(chunk));
          cursor = page.next;
          if (cursor === undefined) return controller.close();
          if (chunk) return;
        }
      } catch (err) {
        controller.error(err);
      }
    },
  });
}
