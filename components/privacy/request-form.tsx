"use client";

import { useId, useState } from "react";
import { useRouter } from "next/navigation";
import { useAction } from "next-safe-action/hooks";
import { submitPrivacyRequest } from "@/lib/privacy/actions/submit-privacy-request";
import { PRIVACY_REQUEST_TYPES, REQUEST_TYPE_LABELS, type TPrivacyRequestType } from "@/lib/privacy/schemas";

/** The first message anywhere in a nested validation-error object. */
function firstError(node: unknown): string | undefined {
  if (!node || typeof node !== "object") return undefined;
  const own = (node as { _errors?: string[] })._errors?.[0];
  if (own) return own;
  for (const [k, v] of Object.entries(node)) if (k !== "_errors") {
    const found = firstError(v);
    if (found) return found;
  }
  return undefined;
}

const field = "mt-1 block w-full rounded-lg border border-slate-400 bg-white px-3 py-2 text-ink shadow-sm focus:border-brand-600";

export function PrivacyRequestForm({ tenantSlug }: { tenantSlug: string }) {
  const router = useRouter();
  const id = useId();
  const [type, setType] = useState<TPrivacyRequestType>("access");
  const [identity, setIdentity] = useState("");
  const [correction, setCorrection] = useState("");
  const [scope, setScope] = useState<"profiling" | "direct_marketing">("profiling");
  const [purpose, setPurpose] = useState("");
  const [reason, setReason] = useState("");
  const { execute, result, isPending } = useAction(submitPrivacyRequest, {
    onSuccess: ({ data }) => {
      if (data?.handle) router.push(`/privacy-center/${encodeURIComponent(tenantSlug)}/request/${data.handle}`);
    },
  });
  const v = result.validationErrors as { identity?: { _errors?: string[] }; details?: Record<string, unknown> } | undefined;
  const identityError = v?.identity?._errors?.[0];
  const detailsError = firstError(v?.details);
  const serverError = result.serverError;

  const details = () => {
    switch (type) {
      case "rectification":
        return { type, correction };
      case "objection":
        return { type, scope, reason: reason || undefined };
      case "restriction":
        return { type, reason: reason || undefined };
      case "consent_withdrawal":
        return { type, purpose };
      default:
        return { type };
    }
  };

  return (
    <form
      noValidate
      className="space-y-6"
      onSubmit={(e) => {
        e.preventDefault();
        execute({ tenantSlug, identity, details: details() as never });
      }}
    >
      <fieldset>
        <legend className="text-base font-semibold text-ink">What would you like to do?</legend>
        <div className="mt-3 grid gap-3 sm:grid-cols-2">
          {PRIVACY_REQUEST_TYPES.map((t) => (
            <label
              key={t}
              className={`flex cursor-pointer gap-3 rounded-xl border p-4 transition has-[:focus-visible]:outline has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-brand-500 ${
                type === t ? "border-brand-600 bg-brand-50 ring-1 ring-brand-600" : "border-slate-300 bg-white hover:border-slate-400"
              }`}
            >
              <input type="radio" name="type" value={t} checked={type === t} onChange={() => setType(t)} className="mt-1 accent-brand-600" aria-describedby={`${id}-${t}`} />
              <span>
                <span className="block font-medium text-ink">{REQUEST_TYPE_LABELS[t].title}</span>
                <span id={`${id}-${t}`} className="mt-0.5 block text-sm text-slate-600">
                  {REQUEST_TYPE_LABELS[t].description}
                </span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>

      {type === "rectification" ? (
        <div>
          <label htmlFor={`${id}-correction`} className="block text-sm font-medium text-slate-800">
            What is wrong, and what should it say?
          </label>
          <textarea id={`${id}-correction`} rows={4} value={correction} onChange={(e) => setCorrection(e.target.value)} className={field} aria-describedby={detailsError ? `${id}-details-error` : undefined} />
        </div>
      ) : null}
      {type === "objection" ? (
        <fieldset>
          <legend className="text-sm font-medium text-slate-800">What do you object to?</legend>
          <div className="mt-2 space-y-2">
            {(
              [
                ["profiling", "Profiling and segmentation for marketing"],
                ["direct_marketing", "Direct marketing messages (on every channel)"],
              ] as const
            ).map(([value, label]) => (
              <label key={value} className="flex items-center gap-2 text-slate-800">
                <input type="radio" name="scope" value={value} checked={scope === value} onChange={() => setScope(value)} className="accent-brand-600" />
                {label}
              </label>
            ))}
          </div>
        </fieldset>
      ) : null}
      {type === "consent_withdrawal" ? (
        <div>
          <label htmlFor={`${id}-purpose`} className="block text-sm font-medium text-slate-800">
            Which consent do you withdraw?
          </label>
          <input id={`${id}-purpose`} value={purpose} onChange={(e) => setPurpose(e.target.value)} placeholder="For example: marketing messages on WhatsApp" className={field} />
        </div>
      ) : null}
      {type === "objection" || type === "restriction" ? (
        <div>
          <label htmlFor={`${id}-reason`} className="block text-sm font-medium text-slate-800">
            Anything we should know? <span className="font-normal text-slate-600">(optional)</span>
          </label>
          <textarea id={`${id}-reason`} rows={3} value={reason} onChange={(e) => setReason(e.target.value)} className={field} />
        </div>
      ) : null}
      {detailsError ? (
        <p id={`${id}-details-error`} className="text-sm text-red-700">
          {detailsError}
        </p>
      ) : null}

      <div>
        <label htmlFor={`${id}-identity`} className="block text-sm font-medium text-slate-800">
          Email address or phone number
        </label>
        <p id={`${id}-identity-hint`} className="mt-0.5 text-sm text-slate-600">
          The one you used with us. We send a 6-digit code there to confirm it is you; nothing happens without it.
        </p>
        <input
          id={`${id}-identity`}
          name="identity"
          autoComplete="email"
          value={identity}
          onChange={(e) => setIdentity(e.target.value)}
          aria-invalid={identityError ? true : undefined}
          aria-describedby={`${id}-identity-hint${identityError ? ` ${id}-identity-error` : ""}`}
          className={field}
        />
        {identityError ? (
          <p id={`${id}-identity-error`} className="mt-1 text-sm text-red-700">
            {identityError}
          </p>
        ) : null}
      </div>

      {serverError ? (
        <p role="alert" className="rounded-lg bg-red-50 p-3 text-sm text-red-800">
          {serverError}
        </p>
      ) : null}
      <button type="submit" disabled={isPending} aria-busy={isPending || undefined} className="w-full rounded-lg bg-brand-600 px-4 py-2.5 font-medium text-white hover:bg-brand-700 disabled:opacity-60 sm:w-auto">
        {isPending ? "Sending…" : "Send me a code"}
      </button>
    </form>
  );
}
