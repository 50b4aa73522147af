import { z } from "zod";

/**
 * Business hours of a team (Team.settings.businessHours) or an inbox
 * (Channel.settings.businessHours). Times are wall-clock times in the schedule's
 * own time zone; instants are converted with Intl, so daylight-saving changes
 * move the opening instant with the local clock, as people expect.
 */
export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type TWeekday = (typeof WEEKDAYS)[number];
export const WEEKDAY_LABELS: Record<TWeekday, string> = {
  mon: "Monday",
  tue: "Tuesday",
  wed: "Wednesday",
  thu: "Thursday",
  fri: "Friday",
  sat: "Saturday",
  sun: "Sunday",
};

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const ZTime = z.string().regex(/^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/, "Use HH:MM (00:00–24:00).");
export const ZInterval = z
  .object({ start: ZTime, end: ZTime })
  .refine((i) => i.start !== i.end, { message: "An interval must not start and end at the same time.", path: ["end"] });
export type TInterval = z.infer<typeof ZInterval>;

const day = z.array(ZInterval).max(4).default([]);

export const ZBusinessHours = z.object({
  enabled: z.boolean().default(false),
  timezone: z.string().min(1).max(64).refine(isValidTimeZone, "Unknown time zone."),
  weekly: z.object({ mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day }),
  /** Local dates (YYYY-MM-DD) when the team is closed all day. */
  holidays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/)).max(366).default([]),
});
export type TBusinessHours = z.infer<typeof ZBusinessHours>;

export const DEFAULT_BUSINESS_HOURS: TBusinessHours = {
  enabled: false,
  timezone: "Europe/Rome",
  weekly: {
    mon: [{ start: "09:00", end: "18:00" }],
    tue: [{ start: "09:00", end: "18:00" }],
    wed: [{ start: "09:00", end: "18:00" }],
    thu: [{ start: "09:00", end: "18:00" }],
    fri: [{ start: "09:00", end: "18:00" }],
    sat: [],
    sun: [],
  },
  holidays: [],
};

/** Reads business hours from a settings JSON blob; anything malformed counts as "no schedule". */
export function businessHoursFrom(settings: unknown): TBusinessHours | null {
  if (!settings || typeof settings !== "object") return null;
  const parsed = ZBusinessHours.safeParse((settings as Record<string, unknown>).businessHours);
  return parsed.success ? parsed.data : null;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: tz,
      hourCycle: "h23",
      weekday: "short",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
    });
    formatters.set(tz, f);
  }
  return f;
}

const SHORT_TO_DAY: Record<string, number> = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };

/** The wall clock in `tz` at instant `at`: local date, weekday (0 = Monday) and minutes since local midnight. */
export function wallClock(at: Date, tz: string): { date: string; weekday: number; minutes: number } {
  const parts = Object.fromEntries(formatter(tz).formatToParts(at).map((p) => [p.type, p.value]));
  const hour = Number(parts.hour) % 24;
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    weekday: SHORT_TO_DAY[parts.weekday!] ?? 0,
    minutes: hour * 60 + Number(parts.minute),
  };
}

const toMinutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));

/**
 * Whether `at` falls inside the schedule. No schedule, or a disabled one, means
 * always open. An interval whose end is before its start runs past midnight
 * (22:00–02:00) and is counted on the day it starts.
 */
export function isWithinBusinessHours(settings: TBusinessHours | null | undefined, at: Date): boolean {
  if (!settings || !settings.enabled) return true;
  const { date, weekday, minutes } = wallClock(at, settings.timezone);
  if (settings.holidays.includes(date)) return false;
  const today = settings.weekly[WEEKDAYS[weekday]!];
  for (const i of today) {
    const s = toMinutes(i.start);
    const e = toMinutes(i.end);
    if (e > s ? minutes >= s && minutes < e : minutes >= s) return true;
  }
  const yesterday = settings.weekly[WEEKDAYS[(weekday + 6) % 7]!];
  for (const i of yesterday) {
    const s = toMinutes(i.start);
    const e = toMinutes(i.end);
    if (e < s && minutes < e) return true;
  }
  return false;
}
