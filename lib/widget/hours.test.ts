import { describe, expect, it } from "vitest";
import type { TBusinessHours } from "@/lib/inbox/business-hours";
import { hoursSummary, isOpenAt } from "./hours";

const nineToSix = [{ start: "09:00", end: "18:00" }];
const schedule: TBusinessHours = {
  enabled: true,
  timezone: "Europe/Rome",
  weekly: { mon: nineToSix, tue: nineToSix, wed: nineToSix, thu: nineToSix, fri: nineToSix, sat: [{ start: "10:00", end: "13:00" }], sun: [] },
  holidays: [],
};

describe("hoursSummary", () => {
  it("groups consecutive days with the same hours", () => {
    expect(hoursSummary(schedule)).toBe("Mon–Fri 09:00–18:00, Sat 10:00–13:00 (Europe/Rome)");
  });
  it("is null without an enabled schedule or with no open day", () => {
    expect(hoursSummary(null)).toBeNull();
    expect(hoursSummary({ ...schedule, enabled: false })).toBeNull();
    const closed = { ...schedule, weekly: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] } };
    expect(hoursSummary(closed)).toBeNull();
  });
});

describe("isOpenAt", () => {
  it("follows the schedule in its time zone", () => {
    // Tuesday 2026-11-24: 08:30 UTC is 09:30 in Rome; 17:30 UTC is 18:30.
    expect(isOpenAt(schedule, new Date("2026-11-24T08:30:00Z"))).toBe(true);
    expect(isOpenAt(schedule, new Date("2026-11-24T17:30:00Z"))).toBe(false);
    expect(isOpenAt(null, new Date("2026-11-24T03:00:00Z"))).toBe(true);
  });
});
