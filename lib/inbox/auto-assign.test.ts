import { describe, expect, it } from "vitest";
import { pickAssignee } from "./auto-assign";

const d = (iso: string) => new Date(iso);

describe("pickAssignee", () => {
  it("picks the member with the fewest open conversations", () => {
    const c = [
      { userId: "a", capacity: 5, lastAssignedAt: null },
      { userId: "b", capacity: 5, lastAssignedAt: null },
    ];
    expect(pickAssignee(c, new Map([["a", 3], ["b", 1]]))).toBe("b");
  });

  it("skips members at capacity and returns null when everyone is full", () => {
    const c = [
      { userId: "a", capacity: 2, lastAssignedAt: null },
      { userId: "b", capacity: 1, lastAssignedAt: null },
    ];
    expect(pickAssignee(c, new Map([["a", 1], ["b", 1]]))).toBe("a");
    expect(pickAssignee(c, new Map([["a", 2], ["b", 1]]))).toBeNull();
    expect(pickAssignee([{ userId: "z", capacity: 0, lastAssignedAt: null }], new Map())).toBeNull();
  });

  it("breaks ties by least recently assigned, never-assigned first", () => {
    const c = [
      { userId: "a", capacity: 5, lastAssignedAt: d("2026-03-01T10:00:00Z") },
      { userId: "b", capacity: 5, lastAssignedAt: d("2026-03-01T09:00:00Z") },
      { userId: "c", capacity: 5, lastAssignedAt: null },
    ];
    expect(pickAssignee(c, new Map())).toBe("c");
    expect(pickAssignee(c.slice(0, 2), new Map())).toBe("b");
  });
});
