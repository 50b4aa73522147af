"use client";

import { useRouter } from "next/navigation";
import { useAction } from "next-safe-action/hooks";
import { startPrivacyVerificationExport } from "@/lib/privacy/actions/review-privacy-request";

export function VerificationExportButton({ tenantId, requestId }: { tenantId: string; requestId: string }) {
  const router = useRouter();
  const { execute, result, isPending } = useAction(startPrivacyVerificationExport.bind(null, tenantId), { onSuccess: () => router.refresh() });
  return (
    <div>
      <button type="button" onClick={() => execute({ requestId })} disabled={isPending} className="rounded-lg border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-800 hover:border-brand-600 disabled:opacity-60">
        Export what remains
      </button>
      {result.serverError ? <p role="alert" className="mt-2 text-sm text-red-700">{result.serverError}</p> : null}
    </div>
  );
}
