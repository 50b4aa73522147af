/**
 * GDPR Art. 12(3): a request is answered "within one month of receipt", which
 * may be extended "by two further months where necessary", with the reasons
 * told to the requester. A month is a calendar month: the same day of the next
 * month, or its last day when that day does not exist (31 January → 28 or 29
 * February). Computed in UTC, keeping the time of day.
 */

export const MAX_EXTENSION_MONTHS = 2;

function daysInMonthUtc(year: number, monthIndex: number): number {
  return new Date(Date.UTC(year, monthIndex + 1, 0)).getUTCDate();
}

/** `date` plus `months` calendar months, clamped to the last day of the target month. */
export function addCalendarMonths(date: Date, months: number): Date {
  if (!Number.isInteger(months)) throw new RangeError("months must be a whole number");
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth() + months;
  const targetYear = y + Math.floor(m / 12);
  const targetMonth = ((m % 12) + 12) % 12;
  const day = Math.min(date.getUTCDate(), daysInMonthUtc(targetYear, targetMonth));
  return new Date(
    Date.UTC(targetYear, targetMonth, day, date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds(), date.getUTCMilliseconds()),
  );
}

/** The original deadline: one calendar month after receipt. */
export function dueDate(receivedAt: Date): Date {
  return addCalendarMonths(receivedAt, 1);
}

/** The latest date an extension may move the deadline to: three calendar months after receipt. */
export function latestExtendedDueDate(receivedAt: Date): Date {
  return addCalendarMonths(receivedAt, 1 + MAX_EXTENSION_MONTHS);
}

export type TExtension = { ok: true; dueAt: Date } | { ok: false; error: string };

/**
 * The deadline after extending by `months` (1 or 2) further months from the
 * original one. A reason is required (it is recorded and sent to the requester);
 * the total never exceeds three months after receipt.
 */
export function extendDeadline(input: { receivedAt: Date; currentDueAt: Date; months: number; reason: string | null | undefined }): TExtension {
  const reason = input.reason?.trim() ?? "";
  if (reason.length < 10) return { ok: false, error: "Give the reason for the extension (at least 10 characters); it is sent to the requester." };
  if (!Number.isInteger(input.months) || input.months < 1 || input.months > MAX_EXTENSION_MONTHS) {
    return { ok: false, error: `An extension is one or two further months.` };
  }
  const dueAt = addCalendarMonths(input.receivedAt, 1 + input.months);
  if (dueAt.getTime() <= input.currentDueAt.getTime()) return { ok: false, error: "The request is already extended to that date or later." };
  if (dueAt.getTime() > latestExtendedDueDate(input.receivedAt).getTime()) return { ok: false, error: "The deadline can be extended by at most two further months." };
  return { ok: true, dueAt };
}

export type TDeadlineState = "on_time" | "due_soon" | "overdue";

/** Open requests: overdue past the deadline, due soon within `soonDays`. */
export function deadlineState(dueAt: Date, at: Date, soonDays = 7): TDeadlineState {
  const ms = dueAt.getTime() - at.getTime();
  if (ms < 0) return "overdue";
  if (ms <= soonDays * 86_400_000) return "due_soon";
  return "on_time";
}
