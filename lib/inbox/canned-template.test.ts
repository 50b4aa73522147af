import { describe, expect, it } from "vitest";
import { fillTemplate, firstName } from "./canned-template";

const values = { "contact.name": "Giulia Bianchi", "contact.first_name": "Giulia", "agent.name": "Alex Agent", "conversation.id": "c123" };

describe("fillTemplate", () => {
  it("fills known variables, with or without spaces inside the braces", () => {
    expect(fillTemplate("Ciao {{contact.first_name}}, sono {{ agent.name }} (ref {{conversation.id}}).", values).text).toBe(
      "Ciao Giulia, sono Alex Agent (ref c123).",
    );
  });

  it("uses the fallback when a value is missing, and reports missing values without one", () => {
    expect(fillTemplate("Hi {{contact.email | there}}!", values).text).toBe("Hi there!");
    const r = fillTemplate("Hi {{contact.phone}}!", values);
    expect(r.text).toBe("Hi !");
    expect(r.missing).toEqual(["contact.phone"]);
  });

  it("never re-expands a value that looks like a template", () => {
    const r = fillTemplate("Hello {{contact.name}}", { ...values, "contact.name": "{{agent.name}}" });
    expect(r.text).toBe("Hello {{agent.name}}");
  });

  it("keeps unknown variables visible and reports them", () => {
    const r = fillTemplate("Order {{order.number}} for {{contact.first_name}}", values);
    expect(r.text).toBe("Order {{order.number}} for Giulia");
    expect(r.unknown).toEqual(["order.number"]);
  });

  it("writes a literal {{ for \\{{", () => {
    expect(fillTemplate("Type \\{{contact.name}} to insert a name", values).text).toBe("Type {{contact.name}} to insert a name");
  });

  it("strips control characters, line breaks and bidi overrides from values", () => {
    const r = fillTemplate("Hi {{contact.name}}!", { "contact.name": "Eve\u202e gnp.exe\nSecond line\u0007" });
    expect(r.text).toBe("Hi Eve gnp.exe Second line!");
  });

  it("escapes values, not the template, for HTML bodies", () => {
    const r = fillTemplate("<p>Hi {{contact.name}}</p>", { "contact.name": `<img src=x onerror="alert(1)">` }, { escape: "html" });
    expect(r.text).toBe("<p>Hi &lt;img src=x onerror=&quot;alert(1)&quot;&gt;</p>");
  });

  it("leaves right-to-left and emoji values intact", () => {
    expect(fillTemplate("{{contact.name}} 👋", { "contact.name": "ليلى" }).text).toBe("ليلى 👋");
  });
});

describe("firstName", () => {
  it("takes the first word of a cleaned name", () => {
    expect(firstName("  Marco   Rossi ")).toBe("Marco");
    expect(firstName(null)).toBeNull();
    expect(firstName("   ")).toBeNull();
  });
});
