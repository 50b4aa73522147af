"use client";

import { useMemo } from "react";
import { WEEKDAY_LABELS, WEEKDAYS, type TBusinessHours, type TWeekday } from "@/lib/inbox/business-hours";
import { PlusIcon, TrashIcon } from "../icons";

const COMMON_ZONES = ["Europe/Rome", "Europe/London", "Europe/Berlin", "Europe/Madrid", "Europe/Paris", "America/New_York", "America/Chicago", "America/Los_Angeles", "Asia/Dubai", "Asia/Kolkata", "Asia/Singapore", "Australia/Sydney", "UTC"];

function allZones(): string[] {
  try {
    return Intl.supportedValuesOf("timeZone");
  } catch {
    return COMMON_ZONES;
  }
}

/** Weekly opening hours in one time zone, edited as intervals per day. Times are local to the chosen zone. */
export function BusinessHoursEditor({ idPrefix, value, onChange, disabled }: { idPrefix: string; value: TBusinessHours; onChange: (v: TBusinessHours) => void; disabled?: boolean }) {
  const zones = useMemo(() => {
    const all = allZones();
    return all.includes(value.timezone) ? all : [value.timezone, ...all];
  }, [value.timezone]);
  const setDay = (d: TWeekday, intervals: TBusinessHours["weekly"][TWeekday]) => onChange({ ...value, weekly: { ...value.weekly, [d]: intervals } });

  return (
    <fieldset disabled={disabled} className="space-y-3">
      <legend className="sr-only">Business hours</legend>
      <div className="flex flex-wrap items-center gap-x-6 gap-y-2">
        <label className="inline-flex items-center gap-2 text-sm font-medium">
          <input type="checkbox" checked={value.enabled} onChange={(e) => onChange({ ...value, enabled: e.target.checked })} className="size-4 accent-brand-600" />
          Only auto-assign within business hours
        </label>
        <div className="flex items-center gap-2 text-sm">
          <label htmlFor={`${idPrefix}-tz`} className="text-slate-600">
            Time zone
          </label>
          <select id={`${idPrefix}-tz`} value={value.timezone} onChange={(e) => onChange({ ...value, timezone: e.target.value })} className="h-8 rounded-md border border-slate-300 px-2 text-sm">
            {zones.map((z) => (
              <option key={z} value={z}>
                {z.replaceAll("_", " ")}
              </option>
            ))}
          </select>
        </div>
      </div>
      <table className={`w-full text-sm ${value.enabled ? "" : "opacity-60"}`}>
        <caption className="sr-only">Opening hours per weekday</caption>
        <tbody className="divide-y divide-slate-100">
          {WEEKDAYS.map((d) => {
            const intervals = value.weekly[d];
            return (
              <tr key={d}>
                <th scope="row" className="w-28 py-2 pr-3 text-left align-top font-medium text-slate-700">
                  {WEEKDAY_LABELS[d]}
                </th>
                <td className="py-1.5">
                  {intervals.length === 0 ? <span className="inline-block py-1 text-slate-500">Closed</span> : null}
                  <ul className="space-y-1.5">
                    {intervals.map((iv, i) => (
                      <li key={i} className="flex items-center gap-2">
                        <label className="sr-only" htmlFor={`${idPrefix}-${d}-${i}-start`}>
                          {WEEKDAY_LABELS[d]} interval {i + 1} opens
                        </label>
                        <input
                          id={`${idPrefix}-${d}-${i}-start`}
                          type="time"
                          value={iv.start}
                          onChange={(e) => setDay(d, intervals.map((x, j) => (j === i ? { ...x, start: e.target.value } : x)))}
                          className="h-8 rounded-md border border-slate-300 px-2"
                        />
                        <span aria-hidden="true" className="text-slate-400">
                          –
                        </span>
                        <label className="sr-only" htmlFor={`${idPrefix}-${d}-${i}-end`}>
                          {WEEKDAY_LABELS[d]} interval {i + 1} closes
                        </label>
                        <input
                          id={`${idPrefix}-${d}-${i}-end`}
                          type="time"
                          value={iv.end === "24:00" ? "23:59" : iv.end}
                          onChange={(e) => setDay(d, intervals.map((x, j) => (j === i ? { ...x, end: e.target.value } : x)))}
                          className="h-8 rounded-md border border-slate-300 px-2"
                        />
                        {iv.end < iv.start ? <span className="text-xs text-slate-500">until the next day</span> : null}
                        <button type="button" onClick={() => setDay(d, intervals.filter((_, j) => j !== i))} className="rounded p-1 text-slate-400 hover:bg-slate-100 hover:text-red-600" aria-label={`Remove ${WEEKDAY_LABELS[d]} interval ${i + 1}`}>
                          <TrashIcon />
                        </button>
                      </li>
                    ))}
                  </ul>
                </td>
                <td className="w-24 py-1.5 text-right align-top">
                  {intervals.length < 4 ? (
                    <button
                      type="button"
                      onClick={() => setDay(d, [...intervals, intervals.length ? { start: "14:00", end: "18:00" } : { start: "09:00", end: "17:00" }])}
                      className="inline-flex items-center gap-1 rounded px-1.5 py-1 text-xs font-medium text-brand-700 hover:bg-brand-50"
                      aria-label={`Add hours on ${WEEKDAY_LABELS[d]}`}
                    >
                      <PlusIcon className="size-3.5" /> Add
                    </button>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </fieldset>
  );
}
