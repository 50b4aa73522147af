"use client";

import { useAction } from "next-safe-action/hooks";
import { setUpConsent } from "@/lib/consent/actions/set-up-consent";
import { FormError } from "@/components/ui/form";

export function SetUpConsentButton({ tenantId }: { tenantId: string }) {
  const { execute, result, isPending } = useAction(setUpConsent.bind(null, tenantId));
  return (
    <div className="space-y-3">
      <button type="button" onClick={() => execute({})} disabled={isPending} className="rounded-lg bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60">
        Set up the consent manager
      </button>
      <FormError message={result.serverError} />
    </div>
  );
}
