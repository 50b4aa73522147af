import { describe, expect, it } from "vitest";
import { csvCell, csvPagedStream, csvRow } from "./csv";

describe("csv", () => {
  it("quotes commas, quotes and newlines", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("line1\nline2")).toBe('"line1\nline2"');
    expect(csvCell("cr\rhere")).toBe('"cr\rhere"');
  });

  it("neutralises formula-looking cells", () => {
    expect(csvCell("=HYPERLINK(\"http://x\")")).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell("+1")).toBe("'+1");
    expect(csvCell("-2")).toBe("'-2");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("\t=1")).toBe("'\t=1");
    expect(csvCell("a=b")).toBe("a=b");
  });

  it("renders empty, dates, numbers and objects", () => {
    expect(csvCell(null)).toBe("");
    expect(csvCell(undefined)).toBe("");
    expect(csvCell(12n)).toBe("12");
    expect(csvCell(new Date("2026-01-02T03:04:05.006Z"))).toBe("2026-01-02T03:04:05.006Z");
    expect(csvCell({ a: 1, b: "x" })).toBe('"{""a"":1,""b"":""x""}"');
  });

  it("joins a row with CRLF", () => {
    expect(csvRow(["a", 1, null, "b,c"])).toBe('a,1,,"b,c"\r\n');
  });

  it("streams pages until there is no cursor, and errors the download when a page fails", async () => {
    const read = async (stream: ReadableStream<Uint8Array>) => new TextDecoder("utf-8", { ignoreBOM: true }).decode(await new Response(stream).arrayBuffer());
    const cursors: (number | undefined)[] = [];
    const pages = csvPagedStream<number>(["n", "label"], async (cursor) => {
      cursors.push(cursor);
      const at = cursor ?? 0;
      return { rows: at < 4 ? [[at, `row ${at}`], [at + 1, "=1+1"]] : [], next: at < 4 ? at + 2 : undefined };
    });
    expect(await read(pages)).toBe("\uFEFFn,label\r\n0,row 0\r\n1,'=1+1\r\n2,row 2\r\n3,'=1+1\r\n");
    expect(cursors).toEqual([undefined, 2, 4]);

    const failing = csvPagedStream<number>(["n"], async (cursor) => {
      if (cursor) throw new Error("database went away");
      return { rows: [[1]], next: 1 };
    });
    await expect(read(failing)).rejects.toThrow(/database went away/);
  });

  it("an export that matches nothing ends after the header instead of hanging", async () => {
    const empty = csvPagedStream<number>(["n"], async () => ({ rows: [], next: undefined }));
    expect(await new Response(empty).text()).toBe("n\r\n");
    // An empty page that still names a cursor is followed, not taken for the end.
    let calls = 0;
    const gap = csvPagedStream<number>(["n"], async (cursor) => (calls++, cursor === undefined ? { rows: [], next: 1 } : { rows: [[cursor]], next: undefined }));
    expect(await new Response(gap).text()).toBe("n\r\n1\r\n");
    expect(calls).toBe(2);
  });
});
