import { describe, expect, it } from "vitest";
import { addCalendarMonths, deadlineState, dueDate, extendDeadline, latestExtendedDueDate } from "./deadlines";

const d = (iso: string) => new Date(iso);

describe("dueDate (one calendar month after receipt)", () => {
  it("keeps the day of the month when it exists", () => {
    expect(dueDate(d("2026-03-15T10:30:00Z")).toISOString()).toBe("2026-04-15T10:30:00.000Z");
  });
  it("clamps 31 January to 28 February in a common year", () => {
    expect(dueDate(d("2026-01-31T09:00:00Z")).toISOString()).toBe("2026-02-28T09:00:00.000Z");
  });
  it("clamps 31 January to 29 February in a leap year", () => {
    expect(dueDate(d("2028-01-31T09:00:00Z")).toISOString()).toBe("2028-02-29T09:00:00.000Z");
    expect(dueDate(d("2000-01-30T00:00:00Z")).toISOString()).toBe("2000-02-29T00:00:00.000Z");
  });
  it("treats 1900 and 2100 as common years (century rule)", () => {
    expect(dueDate(d("2100-01-29T00:00:00Z")).toISOString()).toBe("2100-02-28T00:00:00.000Z");
  });
  it("clamps the 31st to the 30th of a 30-day month and crosses the year", () => {
    expect(dueDate(d("2026-03-31T12:00:00Z")).toISOString()).toBe("2026-04-30T12:00:00.000Z");
    expect(dueDate(d("2026-12-31T23:59:59.999Z")).toISOString()).toBe("2027-01-31T23:59:59.999Z");
  });
  it("29 February gets 29 March", () => {
    expect(dueDate(d("2028-02-29T08:00:00Z")).toISOString()).toBe("2028-03-29T08:00:00.000Z");
  });
  it("adds several months without drifting (each from the receipt date)", () => {
    expect(addCalendarMonths(d("2026-01-31T00:00:00Z"), 3).toISOString()).toBe("2026-04-30T00:00:00.000Z");
    expect(addCalendarMonths(d("2026-11-30T00:00:00Z"), 3).toISOString()).toBe("2027-02-28T00:00:00.000Z");
    expect(() => addCalendarMonths(d("2026-01-01T00:00:00Z"), 1.5)).toThrow();
  });
});

describe("extendDeadline", () => {
  const receivedAt = d("2027-11-30T10:00:00Z");
  const currentDueAt = dueDate(receivedAt); // 2027-12-30

  it("requires a reason", () => {
    expect(extendDeadline({ receivedAt, currentDueAt, months: 2, reason: "" })).toEqual({ ok: false, error: expect.stringMatching(/reason/) });
    expect(extendDeadline({ receivedAt, currentDueAt, months: 2, reason: "   busy   " }).ok).toBe(false);
    expect(extendDeadline({ receivedAt, currentDueAt, months: 2, reason: null }).ok).toBe(false);
  });
  it("extends by up to two further calendar months counted from receipt (leap February clamps to the 29th)", () => {
    const r = extendDeadline({ receivedAt, currentDueAt, months: 2, reason: "Several stores hold years of records." });
    expect(r).toEqual({ ok: true, dueAt: d("2028-02-29T10:00:00Z") });
    expect(latestExtendedDueDate(receivedAt).toISOString()).toBe("2028-02-29T10:00:00.000Z");
  });
  it("refuses three months, and refuses to shorten or repeat an extension", () => {
    expect(extendDeadline({ receivedAt, currentDueAt, months: 3, reason: "A long and complex request." }).ok).toBe(false);
    const once = extendDeadline({ receivedAt, currentDueAt, months: 2, reason: "A long and complex request." });
    expect(once.ok).toBe(true);
    if (!once.ok) return;
    expect(extendDeadline({ receivedAt, currentDueAt: once.dueAt, months: 1, reason: "A long and complex request." }).ok).toBe(false);
    const oneMonth = extendDeadline({ receivedAt, currentDueAt, months: 1, reason: "A long and complex request." });
    expect(oneMonth).toEqual({ ok: true, dueAt: d("2028-01-30T10:00:00Z") });
    if (oneMonth.ok) expect(extendDeadline({ receivedAt, currentDueAt: oneMonth.dueAt, months: 2, reason: "Still more records to go through." }).ok).toBe(true);
  });
});

describe("deadlineState", () => {
  const due = d("2026-02-28T09:00:00Z");
  it("is overdue after the deadline, due soon in the last week", () => {
    expect(deadlineState(due, d("2026-02-28T09:00:01Z"))).toBe("overdue");
    expect(deadlineState(due, d("2026-02-25T09:00:00Z"))).toBe("due_soon");
    expect(deadlineState(due, d("2026-02-01T09:00:00Z"))).toBe("on_time");
  });
});
