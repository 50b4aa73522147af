import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseEmail } from "./parse";

const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, "fixtures", name));

describe("parseEmail", () => {
  it("multipart/alternative: addresses, ids with brackets, thread ids newest first, sanitised HTML and plain text", async () => {
    const m = await parseEmail(fixture("multipart-alternative.eml"));
    expect(m.messageId).toBe("<CAF=order1042@mail.example.com>");
    expect(m.messageIdDerived).toBe(false);
    expect(m.from).toEqual({ address: "maria.rossi@example.com", name: "Maria Rossi" });
    expect(m.to).toEqual([{ address: "support@acme-shop.test", name: "Acme Support" }]);
    expect(m.subject).toBe("Order 1042 has not arrived");
    expect(m.inReplyTo).toBe("<sotto.cmsg0001@app.sotto.test>");
    expect(m.references).toEqual(["<root-thread@mail.example.com>", "<sotto.cmsg0001@app.sotto.test>"]);
    expect(m.threadIds).toEqual(["<sotto.cmsg0001@app.sotto.test>", "<root-thread@mail.example.com>"]);
    expect(m.text).toBe("Hello, my order 1042 still has not arrived.\nCan you check?");
    expect(m.html).toContain("<b>1042</b>");
    expect(m.html).toContain('<a href="https://shop.example.com/orders/1042" target="_blank" rel="noopener noreferrer nofollow">check</a>');
    expect(m.html).not.toMatch(/<style|color: red/);
    expect(m.remoteContentBlocked).toBe(false);
    expect(m.date?.toISOString()).toBe("2026-11-24T08:15:00.000Z");
  });

  it("hostile HTML: no script, event handler, javascript: URL, frame or form survives; remote images and CSS are blocked and flagged", async () => {
    const m = await parseEmail(fixture("hostile-html.eml"));
    const html = m.html!;
    expect(html).toContain("Please see the invoice.");
    expect(html).not.toMatch(/<script|alert\(|document\.cookie|onerror|onload|onclick|javascript:/i);
    expect(html).not.toMatch(/<iframe|<form|<input|<link|<svg/i);
    expect(html).not.toMatch(/url\(|background-image/i);
    // The tracking pixel is kept inert: no src, its address only in data-remote-src.
    expect(html).toContain('data-remote-src="https://tracker.example/open.gif?id=abc123"');
    expect(html).toContain('data-remote-src="//cdn.evil.example/logo.png"');
    expect(html).not.toMatch(/<img[^>]*\ssrc=/i);
    expect(html).toContain('<div style="color:#ff0000">styled</div>');
    expect(html).toContain('<a target="_blank" rel="noopener noreferrer nofollow">click</a>');
    expect(m.remoteContentBlocked).toBe(true);
  });

  it("quoted reply: keeps the new part, drops the wrapped attribution and quoted history", async () => {
    const m = await parseEmail(fixture("quoted-reply.eml"));
    expect(m.text).toBe("Thanks, that fixed it!\n\nLuca");
    expect(m.quotedOmitted).toBe(true);
    expect(m.threadIds).toEqual(["<sotto.cmsg0002@app.sotto.test>", "<first-1@example.it>"]);
  });

  it("decodes a non-UTF-8 charset (ISO-8859-1 quoted-printable body and RFC 2047 headers)", async () => {
    const m = await parseEmail(fixture("latin1.eml"));
    expect(m.subject).toBe("Caffè grün à la crème");
    expect(m.from).toEqual({ address: "jose@example.de", name: "José Müller" });
    expect(m.text).toContain("Il caffè è arrivato, grüße aus München.");
    expect(m.html).toBeNull();
  });

  it("right-to-left Arabic: text intact, direction rtl, dir attribute kept", async () => {
    const m = await parseEmail(fixture("arabic-rtl.eml"));
    expect(m.subject).toBe("طلبي");
    expect(m.from?.name).toBe("أحمد");
    expect(m.text).toBe("مرحبا، أين طلبي رقم ١٠٤٢؟ شكرا لكم");
    expect(m.direction).toBe("rtl");
    expect(m.html).toContain('dir="rtl"');
    expect(m.html).toContain("text-align:right");
  });

  it("emoji subject, inline cid image and attachment metadata (content not stored)", async () => {
    const m = await parseEmail(fixture("emoji-attachments.eml"));
    expect(m.subject).toBe("🎉 Party order 🍕 for Friday");
    expect(m.direction).toBe("ltr");
    expect(m.automated).toBe(false);
    expect(m.html).toContain('data-cid="menu-logo@example.org"');
    expect(m.html).not.toMatch(/src="cid:/);
    expect(m.attachments).toEqual([
      expect.objectContaining({ fileName: "logo.png", declaredContentType: "image/png", contentId: "menu-logo@example.org", inline: true, size: 66 }),
      expect.objectContaining({ fileName: "order.csv", declaredContentType: "text/csv", contentId: null, inline: false, size: 18 }),
    ]);
    expect(m.attachments[1]!.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it("derives a stable Message-ID when there is none, and flags auto-replies", async () => {
    const a = await parseEmail(fixture("no-message-id-autoreply.eml"));
    const b = await parseEmail(fixture("no-message-id-autoreply.eml"));
    expect(a.messageId).toMatch(/^<[0-9a-f]{40}@derived\.sotto\.invalid>$/);
    expect(a.messageId).toBe(b.messageId);
    expect(a.messageIdDerived).toBe(true);
    expect(a.automated).toBe(true);
    expect(a.threadIds).toEqual([]);
  });
});
