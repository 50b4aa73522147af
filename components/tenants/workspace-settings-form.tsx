"use client";

import { useAction } from "next-safe-action/hooks";
import { updateTenantSettings } from "@/lib/tenants/actions/update-tenant-settings";
import { FieldError, FormError, FormSuccess, inputClass, SubmitButton } from "@/components/ui/form";

type TDefaults = { name: string; locale: "en" | "it"; timezone: string; sessionIdleMinutes: number | null };

export function WorkspaceSettingsForm({ tenantId, canEdit, defaults, serverIdleMinutes }: { tenantId: string; canEdit: boolean; defaults: TDefaults; serverIdleMinutes: number }) {
  const { execute, result, isPending, hasSucceeded } = useAction(updateTenantSettings.bind(null, tenantId));
  const v = result.validationErrors;
  return (
    <form
      className="space-y-5"
      onSubmit={(e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        execute({
          name: String(f.get("name") ?? ""),
          locale: f.get("locale") === "it" ? "it" : "en",
          timezone: String(f.get("timezone") ?? ""),
          sessionIdleMinutes: String(f.get("sessionIdleMinutes") ?? "") as unknown as number,
        });
      }}
    >
      <fieldset disabled={!canEdit} className="space-y-5">
        <div>
          <label htmlFor="name" className="block text-sm font-medium">Workspace name</label>
          <input id="name" name="name" defaultValue={defaults.name} required maxLength={80} className={inputClass} aria-describedby="name-error" />
          <FieldError id="name-error" errors={v?.name?._errors} />
        </div>
        <div className="grid gap-5 sm:grid-cols-2">
          <div>
            <label htmlFor="locale" className="block text-sm font-medium">Default language</label>
            <select id="locale" name="locale" defaultValue={defaults.locale} className={inputClass}>
              <option value="en">English</option>
              <option value="it">Italiano</option>
            </select>
          </div>
          <div>
            <label htmlFor="timezone" className="block text-sm font-medium">Time zone</label>
            <input id="timezone" name="timezone" defaultValue={defaults.timezone} className={inputClass} aria-describedby="timezone-error" />
            <FieldError id="timezone-error" errors={v?.timezone?._errors} />
          </div>
        </div>
        <div>
          <label htmlFor="sessionIdleMinutes" className="block text-sm font-medium">Sign members out after inactivity (minutes)</label>
          <input
            id="sessionIdleMinutes"
            name="sessionIdleMinutes"
            type="number"
            min={5}
            max={480}
            defaultValue={defaults.sessionIdleMinutes ?? ""}
            placeholder={`Server default: ${serverIdleMinutes}`}
            className={inputClass}
            aria-describedby="idle-help idle-error"
          />
          <p id="idle-help" className="mt-1 text-xs text-slate-500">
            Leave empty for the server default ({serverIdleMinutes} minutes). The shorter of the two applies.
          </p>
          <FieldError id="idle-error" errors={v?.sessionIdleMinutes?._errors} />
        </div>
      </fieldset>
      <FormError message={result.serverError} />
      {hasSucceeded ? <FormSuccess message="Settings saved." /> : null}
      {canEdit ? <SubmitButton pending={isPending}>Save settings</SubmitButton> : null}
    </form>
  );
}
