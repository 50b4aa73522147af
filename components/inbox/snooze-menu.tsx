"use client";

import { useState } from "react";
import { MoonIcon } from "./icons";
import { MenuItem, MenuList, MenuSeparator, Popover } from "./ui";
import { formatUntil, toDateTimeLocal } from "./format";

/** Snooze presets, computed in the agent's own time zone. */
export function snoozePresets(now: Date): { label: string; until: Date }[] {
  const at = (d: Date, h: number) => {
    const x = new Date(d);
    x.setHours(h, 0, 0, 0);
    return x;
  };
  const inHours = (h: number) => new Date(now.getTime() + h * 3_600_000);
  const tomorrow = at(new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1), 9);
  const daysToMonday = ((8 - now.getDay()) % 7) || 7;
  const nextMonday = at(new Date(now.getFullYear(), now.getMonth(), now.getDate() + daysToMonday), 9);
  const nextWeek = new Date(now.getTime() + 7 * 86_400_000);
  return [
    { label: "In 1 hour", until: inHours(1) },
    { label: "In 4 hours", until: inHours(4) },
    { label: "Tomorrow", until: tomorrow },
    { label: "Next Monday", until: nextMonday },
    { label: "In a week", until: nextWeek },
  ];
}

export function SnoozeMenu({ onSnooze, open, onOpenChange, disabled }: { onSnooze: (until: Date) => void; open: boolean; onOpenChange: (v: boolean) => void; disabled?: boolean }) {
  const [custom, setCustom] = useState("");
  const [error, setError] = useState<string | null>(null);
  const now = new Date();
  return (
    <Popover
      label="Snooze conversation"
      open={open}
      onOpenChange={onOpenChange}
      disabled={disabled}
      align="right"
      trigger={() => (
        <>
          <MoonIcon className="text-slate-500" />
          <span>Snooze</span>
        </>
      )}
      panelClassName="w-72"
    >
      {(close) => (
        <>
          <MenuList label="Snooze until">
            {snoozePresets(now).map((p) => (
              <MenuItem
                key={p.label}
                onSelect={() => {
                  onSnooze(p.until);
                  close();
                }}
              >
                <span className="flex-1">{p.label}</span>
                <span className="text-xs text-slate-500">{formatUntil(p.until.toISOString(), now)}</span>
              </MenuItem>
            ))}
          </MenuList>
          <MenuSeparator />
          <form
            className="px-2 pb-1 pt-1.5"
            onSubmit={(e) => {
              e.preventDefault();
              const d = new Date(custom);
              if (!custom || Number.isNaN(d.getTime())) return setError("Pick a date and time.");
              if (d.getTime() <= Date.now() + 60_000) return setError("Pick a time in the future.");
              setError(null);
              onSnooze(d);
              close();
            }}
          >
            <label htmlFor="snooze-custom" className="block text-xs font-medium text-slate-600">
              Custom date and time
            </label>
            <div className="mt-1 flex gap-1.5">
              <input
                id="snooze-custom"
                type="datetime-local"
                value={custom}
                min={toDateTimeLocal(new Date(now.getTime() + 60_000))}
                onChange={(e) => setCustom(e.target.value)}
                aria-describedby={error ? "snooze-custom-error" : undefined}
                className="h-8 min-w-0 flex-1 rounded-md border border-slate-300 px-2 text-sm"
              />
              <button type="submit" className="h-8 rounded-md bg-brand-600 px-3 text-sm font-medium text-white hover:bg-brand-700">
                Snooze
              </button>
            </div>
            {error ? (
              <p id="snooze-custom-error" role="alert" className="mt-1 text-xs text-red-700">
                {error}
              </p>
            ) : null}
          </form>
        </>
      )}
    </Popover>
  );
}
