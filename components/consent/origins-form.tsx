"use client";

import { useAction } from "next-safe-action/hooks";
import { saveConsentOrigins } from "@/lib/consent/actions/save-consent-origins";
import { FormError, FormSuccess, inputClass, SubmitButton } from "@/components/ui/form";

export function OriginsForm({ tenantId, origins }: { tenantId: string; origins: string[] }) {
  const { execute, result, isPending, hasSucceeded } = useAction(saveConsentOrigins.bind(null, tenantId));
  const errors = result.validationErrors as { origins?: Record<string, { _errors?: string[] }> & { _errors?: string[] } } | undefined;
  const messages = errors?.origins ? Object.values(errors.origins).flatMap((e) => (Array.isArray(e) ? e : (e?._errors ?? []))) : [];
  return (
    <form
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        const raw = String(new FormData(e.currentTarget).get("origins") ?? "");
        execute({ origins: raw.split(/[\s,]+/).filter(Boolean) });
      }}
    >
      <label htmlFor="consent-origins" className="block text-sm font-medium">
        Websites allowed to show the banner and record consent (one per line)
      </label>
      <textarea id="consent-origins" name="origins" rows={4} defaultValue={origins.join("\n")} className={`${inputClass} font-mono text-sm`} aria-describedby="consent-origins-help" placeholder="https://www.example.com" />
      <p id="consent-origins-help" className="text-xs text-slate-600">
        Scheme and host, optional port, no path. Requests from any other website are refused.
      </p>
      {messages.length ? <FormError message={messages[0]} /> : null}
      <FormError message={result.serverError} />
      {hasSucceeded ? <FormSuccess message="Websites saved." /> : null}
      <SubmitButton pending={isPending}>Save websites</SubmitButton>
    </form>
  );
}
