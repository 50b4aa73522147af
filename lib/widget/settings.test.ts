import { describe, expect, it } from "vitest";
import { contrastTextColor, DEFAULT_WIDGET_SETTINGS, embedSnippet, generateWidgetKey, widgetSettingsFrom, ZWidgetKey, ZWidgetSettings } from "./settings";

describe("generateWidgetKey", () => {
  it("is pk_ and 24 base62 characters, different every time", () => {
    const keys = new Set(Array.from({ length: 500 }, generateWidgetKey));
    expect(keys.size).toBe(500);
    for (const k of keys) {
      expect(k).toMatch(/^pk_[0-9A-Za-z]{24}$/);
      expect(ZWidgetKey.safeParse(k).success).toBe(true);
    }
  });
  it("uses the whole alphabet", () => {
    const chars = new Set(Array.from({ length: 200 }, generateWidgetKey).join("").slice(3));
    expect(chars.size).toBeGreaterThan(55);
  });
});

describe("ZWidgetSettings", () => {
  it("fills every default from an empty object", () => {
    expect(ZWidgetSettings.parse({})).toEqual(DEFAULT_WIDGET_SETTINGS);
    expect(DEFAULT_WIDGET_SETTINGS).toMatchObject({ allowedOrigins: [], position: "right", launcherLabel: "Open chat", businessHours: null });
  });

  it("stores allowed origins canonical and once", () => {
    const s = ZWidgetSettings.parse({ allowedOrigins: ["https://Shop.Example.com/", "https://shop.example.com:443", " http://localhost:8080 "] });
    expect(s.allowedOrigins).toEqual(["https://shop.example.com", "http://localhost:8080"]);
  });

  it("refuses origins with paths, wildcards or other schemes", () => {
    for (const bad of ["https://example.com/shop", "*.example.com", "https://*.example.com", "example.com", "ftp://example.com"]) {
      expect(ZWidgetSettings.safeParse({ allowedOrigins: [bad] }).success, bad).toBe(false);
    }
    expect(ZWidgetSettings.safeParse({ allowedOrigins: Array.from({ length: 21 }, (_, i) => `https://s${i}.example.com`) }).success).toBe(false);
  });

  it("validates colour, position, label and text lengths", () => {
    expect(ZWidgetSettings.parse({ brandColor: "#0A7F5C" }).brandColor).toBe("#0a7f5c");
    expect(ZWidgetSettings.safeParse({ brandColor: "red" }).success).toBe(false);
    expect(ZWidgetSettings.safeParse({ brandColor: "#fff" }).success).toBe(false);
    expect(ZWidgetSettings.safeParse({ position: "top" }).success).toBe(false);
    expect(ZWidgetSettings.safeParse({ launcherLabel: "   " }).success).toBe(false);
    expect(ZWidgetSettings.safeParse({ greeting: "x".repeat(501) }).success).toBe(false);
  });

  it("accepts business hours in the inbox's shape", () => {
    const s = ZWidgetSettings.parse({
      businessHours: { enabled: true, timezone: "Europe/Rome", weekly: { mon: [{ start: "09:00", end: "17:00" }], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] } },
    });
    expect(s.businessHours?.weekly.mon).toEqual([{ start: "09:00", end: "17:00" }]);
    expect(ZWidgetSettings.safeParse({ businessHours: { enabled: true, timezone: "Mars/Olympus", weekly: {} } }).success).toBe(false);
  });
});

describe("widgetSettingsFrom", () => {
  it("keeps valid fields and defaults the broken ones instead of failing", () => {
    const s = widgetSettingsFrom({ brandColor: "nope", greeting: "Ciao!", allowedOrigins: ["https://a.example"] });
    expect(s.brandColor).toBe(DEFAULT_WIDGET_SETTINGS.brandColor);
    expect(s.greeting).toBe("Ciao!");
    expect(s.allowedOrigins).toEqual(["https://a.example"]);
  });
  it("treats non-objects as empty", () => {
    expect(widgetSettingsFrom(null)).toEqual(DEFAULT_WIDGET_SETTINGS);
    expect(widgetSettingsFrom([1, 2])).toEqual(DEFAULT_WIDGET_SETTINGS);
  });
  it("fails closed on a broken origin list: no site allowed", () => {
    expect(widgetSettingsFrom({ allowedOrigins: ["https://ok.example", "https://bad.example/path"] }).allowedOrigins).toEqual([]);
  });
});

describe("contrastTextColor", () => {
  it("picks the more readable text colour", () => {
    expect(contrastTextColor("#4f46e5")).toBe("#ffffff");
    expect(contrastTextColor("#000000")).toBe("#ffffff");
    expect(contrastTextColor("#ffffff")).toBe("#000000");
    expect(contrastTextColor("#facc15")).toBe("#000000");
  });
});

describe("embedSnippet", () => {
  it("is one async script tag with the key", () => {
    expect(embedSnippet("https://app.sotto.test", "pk_abc", DEFAULT_WIDGET_SETTINGS)).toBe(
      '<script src="https://app.sotto.test/widget.js" data-sotto-key="pk_abc" async></script>',
    );
  });
  it("carries non-default launcher settings, escaped", () => {
    const s = embedSnippet("https://app.sotto.test/", "pk_abc", { brandColor: "#0a7f5c", position: "left", launcherLabel: 'Say "hi" <3' });
    expect(s).toContain('data-sotto-color="#0a7f5c"');
    expect(s).toContain('data-sotto-position="left"');
    expect(s).toContain('data-sotto-label="Say &quot;hi&quot; &lt;3"');
  });
});
