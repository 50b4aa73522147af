"use client";

import { useState } from "react";
import { useAction } from "next-safe-action/hooks";
import { requestSignIn } from "@/lib/auth/actions/request-sign-in";

export function SignInForm({ callbackUrl }: { callbackUrl?: string }) {
  const [email, setEmail] = useState("");
  const { execute, result, isPending } = useAction(requestSignIn);
  const fieldError = result.validationErrors?.email?._errors?.[0];
  const serverError = result.serverError;

  if (result.data?.sent) {
    return (
      <div role="status" className="rounded-lg border border-emerald-200 bg-emerald-50 p-4 text-emerald-900">
        <h2 className="font-semibold">Check your inbox</h2>
        <p className="mt-1 text-sm">
          We sent a sign-in link to <strong>{result.data.email}</strong>. It works once and expires in 10 minutes.
        </p>
      </div>
    );
  }

  return (
    <form
      noValidate
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        execute({ email, callbackUrl });
      }}
    >
      <div>
        <label htmlFor="email" className="block text-sm font-medium text-slate-700">
          Email address
        </label>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="email"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          aria-invalid={fieldError ? true : undefined}
          aria-describedby={fieldError ? "email-error" : undefined}
          className="mt-1 block w-full rounded-lg border border-slate-300 px-3 py-2 shadow-sm focus:border-brand-500 focus:ring-brand-500"
        />
        {fieldError ? (
          <p id="email-error" className="mt-1 text-sm text-red-700">
            {fieldError}
          </p>
        ) : null}
      </div>
      {serverError ? (
        <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800">
          {serverError}
        </p>
      ) : null}
      <button
        type="submit"
        disabled={isPending}
        className="w-full rounded-lg bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60"
      >
        {isPending ? "Sending…" : "Email me a sign-in link"}
      </button>
    </form>
  );
}
