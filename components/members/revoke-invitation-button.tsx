"use client";

import { useAction } from "next-safe-action/hooks";
import { revokeInvitation } from "@/lib/members/actions/revoke-invitation";

export function RevokeInvitationButton({ tenantId, invitationId, email }: { tenantId: string; invitationId: string; email: string }) {
  const { execute, isPending, result } = useAction(revokeInvitation.bind(null, tenantId));
  return (
    <span className="flex items-center gap-2">
      {result.serverError ? <span role="alert" className="text-red-700">{result.serverError}</span> : null}
      <button type="button" disabled={isPending} onClick={() => execute({ invitationId })} className="rounded-md border border-slate-300 px-3 py-1 hover:bg-slate-50" aria-label={`Revoke invitation for ${email}`}>
        Revoke
      </button>
    </span>
  );
}
