"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { useAction } from "next-safe-action/hooks";
import { verifyPrivacyCode } from "@/lib/privacy/actions/verify-privacy-code";

export function VerificationCodeForm({ tenantSlug, handle }: { tenantSlug: string; handle: string }) {
  const router = useRouter();
  const [code, setCode] = useState("");
  const { execute, result, isPending } = useAction(verifyPrivacyCode, { onSuccess: () => router.refresh() });
  const fieldError = result.validationErrors?.code?._errors?.[0];
  const error = fieldError ?? result.serverError;
  return (
    <form
      noValidate
      className="mt-6 space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        execute({ tenantSlug, handle, code });
      }}
    >
      <div>
        <label htmlFor="code" className="block text-sm font-medium text-slate-800">
          6-digit code
        </label>
        <input
          id="code"
          name="code"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9]*"
          maxLength={6}
          value={code}
          onChange={(e) => setCode(e.target.value.replace(/\D/g, ""))}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "code-error" : undefined}
          className="mt-1 block w-44 rounded-lg border border-slate-400 bg-white px-3 py-2 font-mono text-2xl tracking-[0.3em] text-ink shadow-sm focus:border-brand-600"
        />
        {error ? (
          <p id="code-error" role="alert" className="mt-2 text-sm text-red-700">
            {error}
          </p>
        ) : null}
      </div>
      <button type="submit" disabled={isPending} aria-busy={isPending || undefined} className="rounded-lg bg-brand-600 px-4 py-2.5 font-medium text-white hover:bg-brand-700 disabled:opacity-60">
        {isPending ? "Checking…" : "Confirm"}
      </button>
    </form>
  );
}
