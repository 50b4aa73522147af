import { describe, expect, it } from "vitest";
import { AttachmentRefused } from "./errors";
import { isInlineSafe, sniffContentType } from "./sniff";

const PNG = Uint8Array.from(Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64"));
const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
const ELF = Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, ...new Array(60).fill(0)]);
const EXE = Uint8Array.from([0x4d, 0x5a, ...new Array(126).fill(0)]);

async function refusal(bytes: Uint8Array) {
  const e = await sniffContentType(bytes).then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(AttachmentRefused);
  return e as AttachmentRefused;
}

describe("sniffContentType", () => {
  it("types files by their bytes, whatever the sender called them", async () => {
    expect(await sniffContentType(PNG)).toBe("image/png");
    expect(await sniffContentType(PDF)).toBe("application/pdf");
  });

  it("refuses executables and other types off the allow-list", async () => {
    expect((await refusal(ELF)).code).toBe("type_not_allowed");
    expect((await refusal(EXE)).code).toBe("type_not_allowed");
  });

  it("treats UTF-8 text without a magic number as text/plain, including SVG and HTML (never rendered)", async () => {
    expect(await sniffContentType(new TextEncoder().encode("name,email\nAda,ada@example.com\n"))).toBe("text/plain");
    expect(await sniffContentType(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'))).toBe("text/plain");
    expect(await sniffContentType(new TextEncoder().encode("Grüße, 你好 ✓"))).toBe("text/plain");
    expect(isInlineSafe("text/plain")).toBe(false);
  });

  it("refuses unknown binary and empty files", async () => {
    expect((await refusal(Uint8Array.from([0x00, 0xff, 0xfe, 0x01, 0x02, 0x99, 0x00, 0x13]))).code).toBe("type_not_allowed");
    expect((await refusal(new Uint8Array(0))).code).toBe("empty");
  });

  it("serves only images and media inline", () => {
    expect(isInlineSafe("image/png")).toBe(true);
    expect(isInlineSafe("application/pdf")).toBe(false);
    expect(isInlineSafe("image/heic")).toBe(false);
  });
});
