"use client";

import { useState } from "react";
import { useAction } from "next-safe-action/hooks";
import { connectWidget } from "@/lib/channels/actions/connect-widget";
import { updateWidgetSettings } from "@/lib/channels/actions/update-widget-settings";
import { FieldError, FormError, FormSuccess, inputClass, SubmitButton } from "@/components/ui/form";
import { WEEKDAYS, WEEKDAY_LABELS, type TBusinessHours } from "@/lib/inbox/business-hours";
import type { TWidgetSettings, TWidgetSettingsInput } from "@/lib/widget/settings";
import { bool, CheckboxField, str, TextField } from "./fields";
import { useOpenChannel } from "./use-connect";

/** First message found anywhere in a nested validation-error object (array items included). */
function firstError(e: unknown): string[] | undefined {
  if (!e || typeof e !== "object") return undefined;
  const o = e as Record<string, unknown>;
  if (Array.isArray(o._errors) && o._errors.length) return o._errors as string[];
  for (const [k, v] of Object.entries(o)) if (k !== "_errors") {
    const found = firstError(v);
    if (found) return found;
  }
  return undefined;
}

const DEFAULT_HOURS: TBusinessHours = {
  enabled: false,
  timezone: "Europe/Rome",
  weekly: { mon: [{ start: "09:00", end: "18:00" }], tue: [{ start: "09:00", end: "18:00" }], wed: [{ start: "09:00", end: "18:00" }], thu: [{ start: "09:00", end: "18:00" }], fri: [{ start: "09:00", end: "18:00" }], sat: [], sun: [] },
  holidays: [],
};

function readSettings(f: FormData, hours: TBusinessHours): TWidgetSettingsInput {
  const weekly = Object.fromEntries(
    WEEKDAYS.map((d) => {
      const open = bool(f, `hours.${d}.open`);
      // One interval per day is edited here; further intervals of that day are kept.
      const rest = hours.weekly[d].slice(1);
      return [d, open ? [{ start: str(f, `hours.${d}.start`), end: str(f, `hours.${d}.end`) }, ...rest] : []];
    }),
  ) as TBusinessHours["weekly"];
  return {
    allowedOrigins: str(f, "allowedOrigins").split(/[\n,]+/).map((s) => s.trim()).filter(Boolean),
    brandColor: str(f, "brandColor"),
    title: str(f, "title"),
    greeting: str(f, "greeting"),
    position: str(f, "position") as "left" | "right",
    launcherLabel: str(f, "launcherLabel"),
    offlineMessage: str(f, "offlineMessage"),
    businessHours: { enabled: bool(f, "hours.enabled"), timezone: str(f, "hours.timezone"), weekly, holidays: hours.holidays },
  };
}

function SettingsFields({ s, v }: { s: TWidgetSettings; v: Record<string, unknown> | undefined }) {
  const hours = s.businessHours ?? DEFAULT_HOURS;
  const [color, setColor] = useState(s.brandColor);
  const err = (k: string) => ({ _errors: firstError(v?.[k]) });
  return (
    <>
      <div>
        <label htmlFor="allowedOrigins" className="block text-sm font-medium text-slate-800">Websites allowed to show the widget</label>
        <textarea
          id="allowedOrigins"
          name="allowedOrigins"
          rows={3}
          defaultValue={s.allowedOrigins.join("\n")}
          placeholder={"https://www.example.com\nhttps://shop.example.com"}
          aria-describedby="allowedOrigins-hint allowedOrigins-error"
          aria-invalid={Boolean(firstError(v?.allowedOrigins)) || undefined}
          className={`${inputClass} font-mono text-sm`}
        />
        <p id="allowedOrigins-hint" className="mt-1 text-xs text-slate-500">One per line: scheme and host, optional port, no path. The widget refuses to run anywhere else.</p>
        <FieldError id="allowedOrigins-error" errors={firstError(v?.allowedOrigins)} />
      </div>
      <div className="grid gap-5 sm:grid-cols-3">
        <div>
          <label htmlFor="brandColor" className="block text-sm font-medium text-slate-800">Colour</label>
          <div className="mt-1 flex items-center gap-2">
            <input type="color" aria-label="Pick a colour" value={/^#[0-9a-f]{6}$/i.test(color) ? color : "#4f46e5"} onChange={(e) => setColor(e.currentTarget.value)} className="h-10 w-12 cursor-pointer rounded border border-slate-300 bg-white p-1" />
            <input id="brandColor" name="brandColor" value={color} onChange={(e) => setColor(e.currentTarget.value)} aria-describedby="brandColor-error" className="block w-full rounded-lg border border-slate-300 px-3 py-2 font-mono text-sm" />
          </div>
          <FieldError id="brandColor-error" errors={firstError(v?.brandColor)} />
        </div>
        <div>
          <label htmlFor="position" className="block text-sm font-medium text-slate-800">Position</label>
          <select id="position" name="position" defaultValue={s.position} className={inputClass}>
            <option value="right">Bottom right</option>
            <option value="left">Bottom left</option>
          </select>
        </div>
        <TextField id="launcherLabel" name="launcherLabel" label="Launcher label" defaultValue={s.launcherLabel} errors={err("launcherLabel")} />
      </div>
      <div className="grid gap-5 sm:grid-cols-2">
        <TextField id="title" name="title" label="Header title" defaultValue={s.title} errors={err("title")} />
        <div>
          <label htmlFor="greeting" className="block text-sm font-medium text-slate-800">Greeting</label>
          <textarea id="greeting" name="greeting" rows={2} defaultValue={s.greeting} aria-describedby="greeting-error" className={inputClass} />
          <FieldError id="greeting-error" errors={firstError(v?.greeting)} />
        </div>
      </div>
      <fieldset className="rounded-lg border border-slate-200 p-4">
        <legend className="px-1 text-sm font-semibold text-slate-800">Business hours</legend>
        <CheckboxField id="hours-enabled" name="hours.enabled" label="Show when the team is away outside these hours" defaultChecked={hours.enabled} />
        <div className="mt-4 max-w-xs">
          <TextField id="hours-timezone" name="hours.timezone" label="Time zone" defaultValue={hours.timezone} errors={{ _errors: firstError((v?.businessHours as Record<string, unknown> | undefined)?.timezone) }} hint="IANA name, e.g. Europe/Rome." />
        </div>
        <table className="mt-4 text-sm">
          <caption className="sr-only">Opening hours per weekday</caption>
          <thead className="text-left text-slate-600">
            <tr>
              <th scope="col" className="py-1 pr-4 font-medium">Day</th>
              <th scope="col" className="py-1 pr-4 font-medium">Open</th>
              <th scope="col" className="py-1 pr-4 font-medium">From</th>
              <th scope="col" className="py-1 font-medium">To</th>
            </tr>
          </thead>
          <tbody>
            {WEEKDAYS.map((d) => {
              const first = hours.weekly[d][0];
              return (
                <tr key={d}>
                  <th scope="row" className="py-1 pr-4 text-left font-normal">{WEEKDAY_LABELS[d]}</th>
                  <td className="py-1 pr-4"><input type="checkbox" name={`hours.${d}.open`} aria-label={`Open on ${WEEKDAY_LABELS[d]}`} defaultChecked={Boolean(first)} className="h-4 w-4" /></td>
                  <td className="py-1 pr-4"><input type="time" name={`hours.${d}.start`} aria-label={`${WEEKDAY_LABELS[d]} opens at`} defaultValue={first?.start ?? "09:00"} className="rounded border border-slate-300 px-2 py-1" /></td>
                  <td className="py-1"><input type="time" name={`hours.${d}.end`} aria-label={`${WEEKDAY_LABELS[d]} closes at`} defaultValue={first?.end === "24:00" ? "23:59" : (first?.end ?? "18:00")} className="rounded border border-slate-300 px-2 py-1" /></td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <FieldError id="hours-error" errors={firstError((v?.businessHours as Record<string, unknown> | undefined)?.weekly)} />
        <div className="mt-4">
          <TextField id="offlineMessage" name="offlineMessage" label="Message outside business hours" defaultValue={s.offlineMessage} errors={err("offlineMessage")} />
        </div>
      </fieldset>
    </>
  );
}

export function WidgetConnectForm({ tenantId, slug, defaults }: { tenantId: string; slug: string; defaults: TWidgetSettings }) {
  const open = useOpenChannel(slug);
  const { execute, result, isPending } = useAction(connectWidget.bind(null, tenantId), { onSuccess: ({ data }) => open(data?.id) });
  const v = result.validationErrors;
  return (
    <form
      noValidate
      className="space-y-5"
      onSubmit={(e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        execute({ name: str(f, "name"), settings: readSettings(f, defaults.businessHours ?? DEFAULT_HOURS) });
      }}
    >
      <TextField id="name" name="name" label="Channel name" required defaultValue="Website chat" errors={v?.name} />
      <SettingsFields s={defaults} v={v?.settings as Record<string, unknown> | undefined} />
      <FormError message={result.serverError} />
      <SubmitButton pending={isPending}>{isPending ? "Creating…" : "Create widget"}</SubmitButton>
    </form>
  );
}

export function WidgetSettingsForm({ tenantId, channelId, settings }: { tenantId: string; channelId: string; settings: TWidgetSettings }) {
  const { execute, result, isPending, hasSucceeded } = useAction(updateWidgetSettings.bind(null, tenantId));
  const v = result.validationErrors;
  return (
    <form
      noValidate
      className="space-y-5"
      onSubmit={(e) => {
        e.preventDefault();
        execute({ channelId, settings: readSettings(new FormData(e.currentTarget), settings.businessHours ?? DEFAULT_HOURS) });
      }}
    >
      <SettingsFields s={settings} v={v?.settings as Record<string, unknown> | undefined} />
      <FormError message={result.serverError ?? (v ? "Some settings need fixing: see the highlighted fields." : undefined)} />
      {hasSucceeded ? <FormSuccess message="Widget settings saved. Sites pick them up on the next page load." /> : null}
      <SubmitButton pending={isPending}>Save settings</SubmitButton>
    </form>
  );
}
