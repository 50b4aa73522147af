/**
 * An email with an inline image as Outlook and Gmail structure it, for the
 * integration and browser tests: multipart/mixed ( multipart/related (
 * alternative ( text, html ), inline PNG with a Content-ID ), PDF attachment ).
 * No imports: Playwright loads it as well as Vitest.
 */

/** 2×2 PNG (a real image: browsers decode it, naturalWidth 2) and a tiny PDF; the server types files by their bytes. */
export const INLINE_PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==", "base64");
export const RECEIPT_PDF = Buffer.from("%PDF-1.4\n% receipt\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

export type TInlineMail = {
  id: string;
  to: string;
  html: string;
  /** The PNG part's Content-ID without brackets; null: no image part at all. */
  contentId?: string | null;
  from?: string;
  subject?: string;
};

export function inlineMail(o: TInlineMail): string {
  return [
    `From: ${o.from ?? "Maria Rossi <maria@example.com>"}`,
    `To: ${o.to}`,
    `Subject: ${o.subject ?? "The handle broke"}`,
    `Message-ID: <${o.id}>`,
    `Date: ${new Date().toUTCString()}`,
    "MIME-Version: 1.0",
    'Content-Type: multipart/mixed; boundary="mixed"',
    "",
    "--mixed",
    'Content-Type: multipart/related; boundary="rel"',
    "",
    "--rel",
    'Content-Type: multipart/alternative; boundary="alt"',
    "",
    "--alt",
    "Content-Type: text/plain; charset=utf-8",
    "",
    "The handle broke, photo below.",
    "--alt",
    "Content-Type: text/html; charset=utf-8",
    "",
    o.html,
    "--alt--",
    ...(o.contentId === null
      ? []
      : [
          "--rel",
          'Content-Type: image/png; name="image001.png"',
          'Content-Disposition: inline; filename="image001.png"',
          `Content-ID: <${o.contentId ?? "photo.png@maria"}>`,
          "Content-Transfer-Encoding: base64",
          "",
          INLINE_PNG.toString("base64"),
        ]),
    "--rel--",
    "--mixed",
    'Content-Type: application/pdf; name="receipt.pdf"',
    'Content-Disposition: attachment; filename="receipt.pdf"',
    "Content-Transfer-Encoding: base64",
    "",
    RECEIPT_PDF.toString("base64"),
    "--mixed--",
    "",
  ].join("\r\n");
}
