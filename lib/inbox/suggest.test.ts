import { describe, expect, it } from "vitest";
import { suggestionAt } from "./suggest";

describe("suggestionAt", () => {
  it("opens canned responses for a /shortcut at the start of a word", () => {
    expect(suggestionAt("/gre", 4, "reply")).toEqual({ kind: "canned", start: 0, query: "gre" });
    expect(suggestionAt("Hi! /ship", 9, "note")).toEqual({ kind: "canned", start: 4, query: "ship" });
    expect(suggestionAt("/", 1, "reply")).toEqual({ kind: "canned", start: 0, query: "" });
  });

  it("ignores slashes inside words and URLs", () => {
    expect(suggestionAt("and/or", 6, "reply")).toBeNull();
    expect(suggestionAt("https://x.test/path", 19, "reply")).toBeNull();
  });

  it("offers mentions only in notes", () => {
    expect(suggestionAt("ping @Av", 8, "note")).toEqual({ kind: "mention", start: 5, query: "Av" });
    expect(suggestionAt("ping @Av", 8, "reply")).toBeNull();
    expect(suggestionAt("mail anna@example.com", 21, "note")).toBeNull();
  });

  it("looks only at the text before the caret", () => {
    expect(suggestionAt("/greeting and more", 9, "reply")).toEqual({ kind: "canned", start: 0, query: "greeting" });
    expect(suggestionAt("/greeting and more", 18, "reply")).toBeNull();
  });
});
