import { isWithinBusinessHours, WEEKDAYS, type TBusinessHours } from "@/lib/inbox/business-hours";

const SHORT: Record<(typeof WEEKDAYS)[number], string> = { mon: "Mon", tue: "Tue", wed: "Wed", thu: "Thu", fri: "Fri", sat: "Sat", sun: "Sun" };

/**
 * Opening hours in one line for visitors, consecutive days with the same
 * hours grouped: "Mon–Fri 09:00–18:00, Sat 10:00–13:00 (Europe/Rome)".
 * Null when there is no enabled schedule (always open).
 */
export function hoursSummary(hours: TBusinessHours | null): string | null {
  if (!hours?.enabled) return null;
  const spans = WEEKDAYS.map((d) => hours.weekly[d].map((i) => `${i.start}–${i.end}`).join(", "));
  const groups: string[] = [];
  for (let i = 0; i < WEEKDAYS.length; ) {
    let j = i;
    while (j + 1 < WEEKDAYS.length && spans[j + 1] === spans[i]) j++;
    if (spans[i]) groups.push(`${SHORT[WEEKDAYS[i]!]}${j > i ? `–${SHORT[WEEKDAYS[j]!]}` : ""} ${spans[i]}`);
    i = j + 1;
  }
  if (!groups.length) return null;
  return `${groups.join(", ")} (${hours.timezone.replace(/_/g, " ")})`;
}

export function isOpenAt(hours: TBusinessHours | null, at: Date): boolean {
  return isWithinBusinessHours(hours, at);
}
