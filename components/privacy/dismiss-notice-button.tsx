"use client";

import { useRouter } from "next/navigation";
import { useAction } from "next-safe-action/hooks";
import { dismissSubprocessorNotice } from "@/lib/privacy/actions/dismiss-subprocessor-notice";

export function DismissNoticeButton({ tenantId, noticeId }: { tenantId: string; noticeId: string }) {
  const router = useRouter();
  const { execute, isPending } = useAction(dismissSubprocessorNotice.bind(null, tenantId), { onSuccess: () => router.refresh() });
  return (
    <button type="button" onClick={() => execute({ noticeId })} disabled={isPending} className="rounded-lg border border-amber-400 bg-white px-3 py-1.5 font-medium text-amber-950 hover:bg-amber-100 disabled:opacity-60">
      Dismiss
    </button>
  );
}
