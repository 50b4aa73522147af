import { describe, expect, it } from "vitest";
import { activationFor, isAllowed, scriptAttributes } from "./activation";
import { NOTHING } from "./categories";

const analytics = { ...NOTHING, analytics: true };
const script = (over: Partial<Parameters<typeof activationFor>[0]> = {}) => ({ tag: "SCRIPT", type: "text/plain", category: "analytics", activated: false, hasSrc: false, ...over });

describe("activationFor", () => {
  it("runs an inert script only once its category is allowed", () => {
    expect(activationFor(script(), null)).toBe("keep");
    expect(activationFor(script(), NOTHING)).toBe("keep");
    expect(activationFor(script(), analytics)).toBe("activate");
    expect(activationFor(script({ activated: true }), analytics)).toBe("keep");
    expect(activationFor(script({ type: "text/javascript" }), analytics)).toBe("keep");
  });
  it("needs every listed category and never allows an unknown one", () => {
    expect(isAllowed("analytics advertising", analytics)).toBe(false);
    expect(isAllowed("analytics,advertising", { ...analytics, advertising: true })).toBe(true);
    expect(isAllowed("tracking", analytics)).toBe(false);
    expect(isAllowed("", analytics)).toBe(false);
  });
  it("loads iframes and images when allowed and unloads them on withdrawal", () => {
    const frame = { tag: "IFRAME", type: null, category: "advertising", activated: false, hasSrc: false };
    expect(activationFor(frame, { ...NOTHING, advertising: true })).toBe("activate");
    expect(activationFor({ ...frame, activated: true, hasSrc: true }, NOTHING)).toBe("deactivate");
    expect(activationFor({ ...frame, tag: "IMG", activated: true, hasSrc: true }, { ...NOTHING, advertising: true })).toBe("keep");
  });
});

describe("scriptAttributes", () => {
  it("drops the inert type and our markers, keeps the rest, and honours data-type", () => {
    const attrs = [
      { name: "type", value: "text/plain" },
      { name: "data-category", value: "analytics" },
      { name: "src", value: "https://cdn.example/a.js" },
      { name: "data-nonce", value: "abc" },
      { name: "async", value: "" },
      { name: "data-type", value: "module" },
    ];
    expect(scriptAttributes(attrs)).toEqual([
      { name: "data-category", value: "analytics" },
      { name: "src", value: "https://cdn.example/a.js" },
      { name: "async", value: "" },
      { name: "type", value: "module" },
    ]);
  });
});
