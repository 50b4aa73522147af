import { describe, expect, it } from "vitest";
import { businessHoursFrom, DEFAULT_BUSINESS_HOURS, isWithinBusinessHours, wallClock, ZBusinessHours, type TBusinessHours } from "./business-hours";

const rome: TBusinessHours = { ...DEFAULT_BUSINESS_HOURS, enabled: true, timezone: "Europe/Rome" };
const at = (iso: string) => new Date(iso);

describe("isWithinBusinessHours", () => {
  it("is always open without a schedule or with a disabled one", () => {
    expect(isWithinBusinessHours(null, at("2026-01-04T03:00:00Z"))).toBe(true);
    expect(isWithinBusinessHours({ ...rome, enabled: false }, at("2026-01-04T03:00:00Z"))).toBe(true);
  });

  it("uses the schedule's time zone, not UTC", () => {
    // Winter, Rome is UTC+1: 08:30 UTC is 09:30 local on a Monday.
    expect(isWithinBusinessHours(rome, at("2026-01-05T08:30:00Z"))).toBe(true);
    expect(isWithinBusinessHours(rome, at("2026-01-05T07:30:00Z"))).toBe(false); // 08:30 local
    expect(isWithinBusinessHours(rome, at("2026-01-05T16:59:00Z"))).toBe(true); // 17:59 local
    expect(isWithinBusinessHours(rome, at("2026-01-05T17:00:00Z"))).toBe(false); // 18:00 local, end is exclusive
  });

  it("is closed at weekends and on holidays", () => {
    expect(isWithinBusinessHours(rome, at("2026-01-10T10:00:00Z"))).toBe(false); // Saturday
    expect(isWithinBusinessHours({ ...rome, holidays: ["2026-01-06"] }, at("2026-01-06T10:00:00Z"))).toBe(false);
  });

  it("follows the local clock across the spring-forward change (Europe/Rome, 29 March 2026)", () => {
    // Friday 27 March: still CET (UTC+1). 09:00 local = 08:00 UTC.
    expect(isWithinBusinessHours(rome, at("2026-03-27T08:00:00Z"))).toBe(true);
    expect(isWithinBusinessHours(rome, at("2026-03-27T07:59:00Z"))).toBe(false);
    // Monday 30 March: CEST (UTC+2). 09:00 local = 07:00 UTC; 07:30 UTC would be closed under a fixed +1 offset.
    expect(isWithinBusinessHours(rome, at("2026-03-30T07:30:00Z"))).toBe(true);
    expect(isWithinBusinessHours(rome, at("2026-03-30T06:59:00Z"))).toBe(false);
    expect(isWithinBusinessHours(rome, at("2026-03-30T15:59:00Z"))).toBe(true); // 17:59 local
    expect(isWithinBusinessHours(rome, at("2026-03-30T16:00:00Z"))).toBe(false); // 18:00 local
  });

  it("follows the local clock across the fall-back change (America/New_York, 1 November 2026)", () => {
    const ny: TBusinessHours = { ...rome, timezone: "America/New_York", weekly: { ...rome.weekly, sun: [{ start: "00:00", end: "02:00" }] } };
    // Friday 30 October, EDT (UTC−4): 09:00 local = 13:00 UTC.
    expect(isWithinBusinessHours(ny, at("2026-10-30T13:00:00Z"))).toBe(true);
    // Monday 2 November, EST (UTC−5): 09:00 local = 14:00 UTC; 13:30 UTC is 08:30 local.
    expect(isWithinBusinessHours(ny, at("2026-11-02T13:30:00Z"))).toBe(false);
    expect(isWithinBusinessHours(ny, at("2026-11-02T14:00:00Z"))).toBe(true);
    // 01:30 happens twice on the change night; both are inside 00:00–02:00.
    expect(isWithinBusinessHours(ny, at("2026-11-01T05:30:00Z"))).toBe(true); // 01:30 EDT
    expect(isWithinBusinessHours(ny, at("2026-11-01T06:30:00Z"))).toBe(true); // 01:30 EST
    expect(isWithinBusinessHours(ny, at("2026-11-01T07:30:00Z"))).toBe(false); // 02:30 EST
  });

  it("counts overnight intervals on the day they start", () => {
    const night: TBusinessHours = { ...rome, weekly: { ...rome.weekly, fri: [{ start: "22:00", end: "02:00" }] } };
    expect(isWithinBusinessHours(night, at("2026-01-09T21:30:00Z"))).toBe(true); // Fri 22:30 local
    expect(isWithinBusinessHours(night, at("2026-01-10T00:30:00Z"))).toBe(true); // Sat 01:30 local
    expect(isWithinBusinessHours(night, at("2026-01-10T01:30:00Z"))).toBe(false); // Sat 02:30 local
  });

  it("accepts 24:00 as the end of the day", () => {
    const late: TBusinessHours = { ...rome, weekly: { ...rome.weekly, mon: [{ start: "12:00", end: "24:00" }] } };
    expect(isWithinBusinessHours(late, at("2026-01-05T22:59:00Z"))).toBe(true); // 23:59 local
    expect(isWithinBusinessHours(late, at("2026-01-05T23:00:00Z"))).toBe(false); // Tue 00:00 local
  });
});

describe("wallClock", () => {
  it("reads date, weekday and minutes in the zone", () => {
    expect(wallClock(at("2026-03-29T00:30:00Z"), "Europe/Rome")).toEqual({ date: "2026-03-29", weekday: 6, minutes: 90 });
    expect(wallClock(at("2026-03-29T01:30:00Z"), "Europe/Rome")).toEqual({ date: "2026-03-29", weekday: 6, minutes: 210 }); // 03:30 CEST
    expect(wallClock(at("2026-01-01T00:00:00Z"), "Asia/Kolkata").minutes).toBe(330);
  });
});

describe("ZBusinessHours / businessHoursFrom", () => {
  it("refuses unknown time zones and malformed times", () => {
    expect(ZBusinessHours.safeParse({ ...rome, timezone: "Mars/Olympus" }).success).toBe(false);
    expect(ZBusinessHours.safeParse({ ...rome, weekly: { ...rome.weekly, mon: [{ start: "9:00", end: "17:00" }] } }).success).toBe(false);
    expect(ZBusinessHours.safeParse({ ...rome, weekly: { ...rome.weekly, mon: [{ start: "09:00", end: "09:00" }] } }).success).toBe(false);
  });

  it("treats malformed stored settings as no schedule", () => {
    expect(businessHoursFrom({ businessHours: { timezone: 3 } })).toBeNull();
    expect(businessHoursFrom(null)).toBeNull();
    expect(businessHoursFrom({ businessHours: rome })?.timezone).toBe("Europe/Rome");
  });
});
