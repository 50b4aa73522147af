import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { inlineImageResolver, normaliseContentId, renderEmailHtml, sameOriginPath, type TInlineAttachment } from "./inline-images";
import { parseEmail } from "./parse";
import { sanitizeEmailHtml } from "./sanitize";

/**
 * Inline (cid:) images: what ingest stores, and what the inbox shows when it
 * resolves them against the message's own attachments.
 */
const url = (id: string) => `/api/attachments/${id}?tenant=t1&exp=1&kid=k1&sig=${"s".repeat(43)}`;
const render = (html: string, attachments: TInlineAttachment[], payload: Record<string, unknown> = {}) => {
  const out = renderEmailHtml(sanitizeEmailHtml(html).html, { attachments, payload, urlFor: url });
  return { ...out, html: out.html ?? "" };
};
const png = (id: string, contentId: string | null): TInlineAttachment => ({ id, contentId, contentType: "image/png" });

describe("normaliseContentId", () => {
  it("removes cid:, angle brackets and %-escapes, keeps case", () => {
    expect(normaliseContentId("<Image001.PNG@01DA1B2C.3D4E5F60>")).toBe("Image001.PNG@01DA1B2C.3D4E5F60");
    expect(normaliseContentId("cid:<part1@example.com>")).toBe("part1@example.com");
    expect(normaliseContentId("  part1%40example.com ")).toBe("part1@example.com");
    expect(normaliseContentId("100%sure@x")).toBe("100%sure@x");
    expect(normaliseContentId("<>")).toBeNull();
    expect(normaliseContentId(null)).toBeNull();
  });
});

describe("sanitizer (ingest pass)", () => {
  it("keeps a cid image's content id inert, without a src; remote images stay blocked", () => {
    const out = sanitizeEmailHtml('<p><img src="cid:logo@shop.example" alt="Logo" width="40"><img src="https://tracker.example/p.gif?u=1" alt=""></p>');
    expect(out.html).toBe('<p><img alt="Logo" width="40" data-cid="logo@shop.example" /><img alt="" data-remote-src="https://tracker.example/p.gif?u=1" /></p>');
    expect(out.remoteContentBlocked).toBe(true);
  });

  it("is stable: sanitising its own output again changes nothing (fixtures and hostile input)", async () => {
    const dir = path.join(import.meta.dirname, "fixtures");
    const samples = [
      '<p>a<img src="cid:x@y" alt="A"><img src="//evil.example/p.gif"><img src="data:image/png;base64,iVBORw0KGgo="><img src="/api/attachments/abc?sig=x"></p>',
      '<span data-inline-image="pending">fake placeholder</span><img data-cid="q" src="https://evil.example/x.png">',
    ];
    for (const f of readdirSync(dir)) {
      const html = (await parseEmail(readFileSync(path.join(dir, f)))).html;
      if (html) samples.push(html);
    }
    for (const s of samples) {
      const once = sanitizeEmailHtml(s).html;
      expect(sanitizeEmailHtml(once).html).toBe(once);
    }
  });
});

describe("renderEmailHtml", () => {
  it("swaps a cid image for the signed same-origin URL of the message's matching attachment and marks it inline", () => {
    const out = render('<p>Hello <img src="cid:logo@shop.example" alt="Logo" width="40"></p>', [png("att_logo", "logo@shop.example"), png("att_other", null)]);
    expect(out.html).toBe(`<p>Hello <img alt="Logo" width="40" data-cid="logo@shop.example" src="${url("att_logo").replace(/&/g, "&amp;")}" /></p>`);
    expect([...out.inlineAttachmentIds]).toEqual(["att_logo"]);
  });

  it("matches ids as mail clients write them: angle brackets in the URL, other case, %-escapes", () => {
    const atts = [png("a1", "Image001.PNG@01DA1B2C.3D4E5F60"), png("a2", "part2@Example.COM"), png("a3", "<ii_lq3x9@gmail>")];
    const out = render('<img src="cid:image001.png@01da1b2c.3d4e5f60"><img src="CID:<part2@example.com>"><img src="cid:ii_lq3x9%40gmail">', atts);
    expect(out.html.match(/src="\/api\/attachments\/(a\d)/g)).toEqual(['src="/api/attachments/a1', 'src="/api/attachments/a2', 'src="/api/attachments/a3']);
    expect([...out.inlineAttachmentIds].sort()).toEqual(["a1", "a2", "a3"]);
  });

  it("prefers the exact id when two differ only in case", () => {
    const out = render('<img src="cid:Logo@x">', [png("lower", "logo@x"), png("exact", "Logo@x")]);
    expect(out.html).toContain('src="/api/attachments/exact');
  });

  it("a cid the message does not contain becomes a placeholder with the alt text, not a broken image", () => {
    const out = render('<p><img src="cid:nope@x" alt="Our logo"> and <img src="cid:nope2@x"></p>', [png("a1", "logo@x")]);
    expect(out.html).toBe(
      '<p><span data-inline-image="missing" title="The email refers to an image it does not contain.">Our logo (image not included in this email)</span> and <span data-inline-image="missing" title="The email refers to an image it does not contain.">Inline image (image not included in this email)</span></p>',
    );
    expect(out.html).not.toContain("<img");
    expect(out.inlineAttachmentIds.size).toBe(0);
  });

  it("an image declared by the mail but not stored yet shows as loading; a refused one as unavailable with the reason", () => {
    const payload = { attachments: [{ contentId: "a@x" }, { contentId: "b@x" }] };
    expect(render('<img src="cid:a@x" alt="A">', [], payload).html).toBe(
      '<span data-inline-image="pending" title="The image is still being stored. It appears when it is ready.">A (image loading…)</span>',
    );
    const failed = { ...payload, mediaFetch: { status: "partial", items: [{ index: 0, status: "stored", attachmentId: "gone" }, { index: 1, status: "failed", code: "too_large", reason: "b.png: The file is larger than the 10 MB limit." }] } };
    const out = render('<img src="cid:a@x" alt="A"><img src="cid:b@x" alt="B">', [], failed);
    expect(out.html).toBe(
      '<span data-inline-image="unavailable" title="The image is no longer available.">A (image not available)</span><span data-inline-image="unavailable" title="b.png: The file is larger than the 10 MB limit.">B (image not available)</span>',
    );
  });

  it("a part that is not a drawable image stays a listed attachment", () => {
    const out = render('<img src="cid:doc@x" alt="Scan">', [{ id: "pdf", contentId: "doc@x", contentType: "application/pdf" }, { id: "heic", contentId: "h@x", contentType: "image/heic" }]);
    expect(out.html).toMatch(/^<span data-inline-image="unavailable" title="The attached file \(application\/pdf\) cannot be shown as an image; it is listed with the attachments.">Scan \(image not available\)<\/span>$/);
    expect(out.inlineAttachmentIds.size).toBe(0);
  });

  it("rows stored before Content-IDs were kept resolve through the recorded outcome, still only among the message's rows", () => {
    const payload = { attachments: [{ contentId: "<old@x>" }, { contentId: "forged@x" }], mediaFetch: { status: "stored", items: [{ index: 0, status: "stored", attachmentId: "legacy" }, { index: 1, status: "stored", attachmentId: "other_message_att" }] } };
    const out = render('<img src="cid:old@x"><img src="cid:forged@x" alt="F">', [png("legacy", null)], payload);
    expect(out.html).toContain('src="/api/attachments/legacy');
    expect(out.html).toContain('<span data-inline-image="unavailable" title="The image is no longer available.">F (image not available)</span>');
    expect(out.html).not.toContain("other_message_att");
  });

  it("an attacker cannot reach another message's or tenant's file: cid of a foreign part, a signed path written into the HTML, attribute injection", () => {
    // The resolver only knows the rows the caller passes (this message's, read under the tenant's RLS):
    // another message's part with the same Content-ID is not among them.
    const mine = [png("mine", "logo@x")];
    const foreignCid = render('<img src="cid:victim-part@bank.example" alt="x">', mine);
    expect(foreignCid.html).toContain('data-inline-image="missing"');
    expect(foreignCid.html).not.toMatch(/src=/);

    const forgedPath = render('<img src="/api/attachments/victim?tenant=t2&exp=9999999999&kid=k1&sig=abc" alt="v"><img src="api/attachments/victim">', mine);
    expect(forgedPath.html).not.toContain("/api/attachments");

    const injected = render(`<img src='cid:logo@x" src="https://evil.example/p.gif' alt="i">`, mine);
    expect(injected.html).not.toContain("evil.example/p.gif\" ");
    expect(injected.html).not.toMatch(/src="https?:/);

    // A placeholder look-alike written by the sender loses the marker.
    expect(render('<span data-inline-image="pending">Invoice (image loading…)</span><img src="cid:logo@x">', mine).html).toMatch(/^<span>Invoice \(image loading…\)<\/span><img/);
  });

  it("keeps remote images blocked on the render pass and loads nothing but same-origin paths", () => {
    const stored = sanitizeEmailHtml('<img src="https://tracker.example/open.gif"><img src="cid:a@x">').html;
    const out = { html: renderEmailHtml(stored, { attachments: [png("a", "a@x")], payload: {}, urlFor: url }).html ?? "" };
    expect(out.html).toContain('data-remote-src="https://tracker.example/open.gif"');
    expect(out.html.match(/\ssrc="[^"]*"/g)).toEqual([' src="/api/attachments/a?tenant=t1&amp;exp=1&amp;kid=k1&amp;sig=' + "s".repeat(43) + '"']);

    // A resolver that would hand out an absolute or protocol-relative URL gets a placeholder instead.
    for (const bad of ["https://cdn.example/a.png", "//cdn.example/a.png", "/\\cdn.example/a.png", "javascript:alert(1)"]) {
      const r = renderEmailHtml(stored, { attachments: [png("a", "a@x")], payload: {}, urlFor: () => bad });
      expect(r.html).not.toContain(bad.replace(/&/g, "&amp;"));
      expect(r.html).toContain('data-inline-image="unavailable"');
    }
  });

  it("leaves HTML without cid images untouched and is null-safe", () => {
    const html = '<p style="color: red">Hi <img data-remote-src="https://x.example/a.png" /></p>';
    expect(renderEmailHtml(html, { attachments: [], payload: {}, urlFor: url })).toEqual({ html, inlineAttachmentIds: new Set() });
    expect(renderEmailHtml(null, { attachments: [], payload: {}, urlFor: url }).html).toBeNull();
  });

  it("a resolver counts only images it resolved", () => {
    const r = inlineImageResolver({ attachments: [png("a", "a@x"), png("b", "b@x")], payload: {}, urlFor: url });
    r.resolve("a@x");
    r.resolve("zzz");
    expect([...r.used]).toEqual(["a"]);
  });
});

describe("sameOriginPath", () => {
  it("drops the origin of a signed URL", () => {
    expect(sameOriginPath("https://app.sotto.example/api/attachments/a1?tenant=t&exp=1&kid=k&sig=s")).toBe("/api/attachments/a1?tenant=t&exp=1&kid=k&sig=s");
  });
});
