import { describe, expect, it } from "vitest";
import { keepPresentMentions, mentionsFromPayload, splitMentions } from "./mentions";

const ana = { userId: "u1", name: "Ana" };
const anaMaria = { userId: "u2", name: "Ana Maria" };

describe("mentions", () => {
  it("keeps only mentions still present in the text, once each", () => {
    expect(keepPresentMentions("@Ana can you check?", [ana, anaMaria, ana])).toEqual([ana]);
    expect(keepPresentMentions("no mention left", [ana])).toEqual([]);
  });

  it("splits text into plain parts and mentions, preferring the longest name", () => {
    expect(splitMentions("Hi @Ana Maria and @Ana!", [ana, anaMaria])).toEqual([
      { text: "Hi " },
      { text: "@Ana Maria", mention: anaMaria },
      { text: " and " },
      { text: "@Ana", mention: ana },
      { text: "!" },
    ]);
  });

  it("reads payload.mentions defensively", () => {
    expect(mentionsFromPayload({ mentions: [ana, { userId: 3 }, null, "x"] })).toEqual([ana]);
    expect(mentionsFromPayload({ mentions: "nope" })).toEqual([]);
    expect(mentionsFromPayload({})).toEqual([]);
  });
});
