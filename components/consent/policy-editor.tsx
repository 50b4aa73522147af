"use client";

import { useState } from "react";
import { useAction } from "next-safe-action/hooks";
import { publishConsentPolicy } from "@/lib/consent/actions/publish-consent-policy";
import type { TConsentPolicy, TVendor } from "@/lib/consent/schemas";
import { FormError, FormSuccess, inputClass } from "@/components/ui/form";

const CATS = ["necessary", "functional", "analytics", "advertising"] as const;
type TCat = (typeof CATS)[number];
const LOCALES = [
  ["en", "English"],
  ["it", "Italiano"],
] as const;

const blankVendor = (): TVendor => ({ id: "", name: "", purposes: { en: "", it: "" }, cookies: [], retentionDays: null, privacyUrl: null });
const numOrNull = (v: string) => (v.trim() === "" ? null : Number(v));

/** Flattens next-safe-action's nested validation errors into "path: message" lines. */
function issues(errors: unknown, path: string[] = []): string[] {
  if (!errors || typeof errors !== "object") return [];
  const out: string[] = [];
  for (const [k, v] of Object.entries(errors)) {
    if (k === "_errors" && Array.isArray(v)) out.push(...v.map((m) => `${path.join(" › ") || "Policy"}: ${m}`));
    else out.push(...issues(v, [...path, k]));
  }
  return out;
}

/**
 * Edits the consent policy and publishes it as a new version. Publishing changes
 * the fingerprint, so every visitor is asked again: the button says so.
 */
export function PolicyEditor({ tenantId, policy: initial, version }: { tenantId: string; policy: TConsentPolicy; version: number }) {
  const [p, setP] = useState<TConsentPolicy>(initial);
  const { execute, result, isPending, hasSucceeded } = useAction(publishConsentPolicy.bind(null, tenantId));
  const problems = issues(result.validationErrors);
  const update = (fn: (d: TConsentPolicy) => void) =>
    setP((prev) => {
      const next = structuredClone(prev);
      fn(next);
      return next;
    });
  const vendor = (c: TCat, i: number, fn: (v: TVendor) => void) => update((d) => fn(d.categories[c].vendors[i]!));

  return (
    <form
      className="space-y-8"
      onSubmit={(e) => {
        e.preventDefault();
        execute(p);
      }}
    >
      <fieldset className="space-y-4">
        <legend className="text-lg font-semibold">Banner text</legend>
        <div className="grid gap-4 md:grid-cols-2">
          {LOCALES.map(([l, label]) => (
            <div key={l} className="space-y-3 rounded-lg border border-slate-200 bg-white p-4" lang={l}>
              <p className="text-sm font-semibold text-slate-700">{label}</p>
              <label className="block text-sm font-medium">
                Title
                <input className={inputClass} value={p.texts[l].title} maxLength={120} required onChange={(e) => update((d) => void (d.texts[l].title = e.target.value))} />
              </label>
              <label className="block text-sm font-medium">
                Notice
                <textarea className={inputClass} rows={4} value={p.texts[l].body} maxLength={1200} required onChange={(e) => update((d) => void (d.texts[l].body = e.target.value))} />
              </label>
            </div>
          ))}
        </div>
        <label className="block text-sm font-medium">
          Cookie policy address (linked from the banner)
          <input className={inputClass} type="url" placeholder="https://www.example.com/cookies" value={p.policyUrl ?? ""} onChange={(e) => update((d) => void (d.policyUrl = e.target.value.trim() || null))} />
        </label>
      </fieldset>

      {CATS.map((c) => {
        const cat = p.categories[c];
        return (
          <fieldset key={c} className="space-y-4 rounded-xl border border-slate-200 bg-white p-5">
            <legend className="px-1 text-lg font-semibold capitalize">{c === "necessary" ? "Strictly necessary" : c}</legend>
            {c === "necessary" ? (
              <p className="text-sm text-slate-600">Always on. List what your site needs to work, including the consent cookie.</p>
            ) : (
              <label className="flex items-center gap-2 text-sm font-medium">
                <input type="checkbox" className="size-4" checked={cat.enabled} onChange={(e) => update((d) => void (d.categories[c].enabled = e.target.checked))} />
                Offer this category to visitors
              </label>
            )}
            <div className="grid gap-4 md:grid-cols-2">
              {LOCALES.map(([l, label]) => (
                <div key={l} className="space-y-2" lang={l}>
                  <label className="block text-sm font-medium">
                    Name ({label})
                    <input className={inputClass} value={cat.name[l]} maxLength={60} required onChange={(e) => update((d) => void (d.categories[c].name[l] = e.target.value))} />
                  </label>
                  <label className="block text-sm font-medium">
                    Description ({label})
                    <textarea className={inputClass} rows={2} value={cat.description[l]} maxLength={600} required onChange={(e) => update((d) => void (d.categories[c].description[l] = e.target.value))} />
                  </label>
                </div>
              ))}
            </div>
            <div className="space-y-3">
              <h3 className="text-sm font-semibold text-slate-800">Vendors ({cat.vendors.length})</h3>
              {cat.vendors.map((v, i) => (
                <div key={i} className="space-y-3 rounded-lg border border-slate-200 bg-slate-50 p-4">
                  <div className="grid gap-3 md:grid-cols-3">
                    <label className="block text-sm font-medium">
                      Name
                      <input className={inputClass} value={v.name} required maxLength={80} onChange={(e) => vendor(c, i, (x) => void (x.name = e.target.value))} />
                    </label>
                    <label className="block text-sm font-medium">
                      Id (for webhooks)
                      <input className={inputClass} value={v.id} required pattern={"[a-z0-9][a-z0-9\\-]{0,39}"} title="Lowercase letters, digits and dashes" onChange={(e) => vendor(c, i, (x) => void (x.id = e.target.value))} />
                    </label>
                    <label className="block text-sm font-medium">
                      Keeps data for (days)
                      <input className={inputClass} type="number" min={0} max={3650} value={v.retentionDays ?? ""} onChange={(e) => vendor(c, i, (x) => void (x.retentionDays = numOrNull(e.target.value)))} />
                    </label>
                  </div>
                  <div className="grid gap-3 md:grid-cols-2">
                    {LOCALES.map(([l, label]) => (
                      <label key={l} className="block text-sm font-medium" lang={l}>
                        Purposes ({label})
                        <textarea className={inputClass} rows={2} value={v.purposes[l]} required maxLength={500} onChange={(e) => vendor(c, i, (x) => void (x.purposes[l] = e.target.value))} />
                      </label>
                    ))}
                  </div>
                  <label className="block text-sm font-medium">
                    Vendor privacy policy
                    <input className={inputClass} type="url" value={v.privacyUrl ?? ""} onChange={(e) => vendor(c, i, (x) => void (x.privacyUrl = e.target.value.trim() || null))} />
                  </label>
                  <div>
                    <p className="text-sm font-medium">Cookies</p>
                    {v.cookies.map((ck, j) => (
                      <div key={j} className="mt-2 grid grid-cols-[1fr_1fr_8rem_auto] items-end gap-2">
                        <label className="text-xs font-medium">
                          Name or pattern
                          <input className={inputClass} value={ck.name} required placeholder="_ga_*" onChange={(e) => vendor(c, i, (x) => void (x.cookies[j]!.name = e.target.value))} />
                        </label>
                        <label className="text-xs font-medium">
                          Domain (empty: this site)
                          <input className={inputClass} value={ck.domain ?? ""} onChange={(e) => vendor(c, i, (x) => void (x.cookies[j]!.domain = e.target.value.trim() || null))} />
                        </label>
                        <label className="text-xs font-medium">
                          Days (empty: session)
                          <input className={inputClass} type="number" min={0} max={3650} value={ck.durationDays ?? ""} onChange={(e) => vendor(c, i, (x) => void (x.cookies[j]!.durationDays = numOrNull(e.target.value)))} />
                        </label>
                        <button type="button" className="mb-1 rounded-md px-2 py-2 text-sm text-red-700 hover:bg-red-50" onClick={() => vendor(c, i, (x) => void x.cookies.splice(j, 1))} aria-label={`Remove cookie ${ck.name || j + 1}`}>
                          Remove
                        </button>
                      </div>
                    ))}
                    <button type="button" className="mt-2 text-sm font-medium text-brand-700 hover:underline" onClick={() => vendor(c, i, (x) => void x.cookies.push({ name: "", domain: null, durationDays: null }))}>
                      + Add cookie
                    </button>
                  </div>
                  <button type="button" className="text-sm font-medium text-red-700 hover:underline" onClick={() => update((d) => void d.categories[c].vendors.splice(i, 1))}>
                    Remove vendor {v.name}
                  </button>
                </div>
              ))}
              <button type="button" className="rounded-lg border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:border-brand-600" onClick={() => update((d) => void d.categories[c].vendors.push(blankVendor()))}>
                + Add vendor
              </button>
            </div>
          </fieldset>
        );
      })}

      {problems.length ? (
        <div role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800">
          <p className="font-medium">The policy was not published:</p>
          <ul className="mt-1 list-disc pl-5">
            {problems.slice(0, 10).map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <FormError message={result.serverError} />
      {hasSucceeded && result.data ? <FormSuccess message={`Version ${result.data.version} published. Visitors will be asked again on their next page view.`} /> : null}
      <div className="flex flex-wrap items-center gap-4">
        <button type="submit" disabled={isPending} aria-busy={isPending || undefined} className="rounded-lg bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60">
          Publish version {version + 1}
        </button>
        <p className="text-sm text-slate-600">Publishing is a material change: every visitor is asked for consent again.</p>
      </div>
    </form>
  );
}
