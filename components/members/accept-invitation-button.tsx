"use client";

import { useRouter } from "next/navigation";
import { useAction } from "next-safe-action/hooks";
import { acceptInvitation } from "@/lib/members/actions/accept-invitation";
import { FormError } from "@/components/ui/form";

export function AcceptInvitationButton({ token }: { token: string }) {
  const router = useRouter();
  const { execute, isPending, result } = useAction(acceptInvitation, { onSuccess: ({ data }) => data && router.push(`/t/${data.slug}`) });
  return (
    <div className="mt-6 space-y-3">
      <FormError message={result.serverError} />
      <button type="button" onClick={() => execute({ token })} disabled={isPending} className="rounded-lg bg-brand-600 px-4 py-2 font-medium text-white disabled:opacity-60">
        Accept invitation
      </button>
    </div>
  );
}
