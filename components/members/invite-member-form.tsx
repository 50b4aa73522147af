"use client";

import { useRef } from "react";
import { useAction } from "next-safe-action/hooks";
import { inviteMember } from "@/lib/members/actions/invite-member";
import { ROLE_LABELS, type TRole } from "@/lib/auth/roles";
import { FieldError, FormError, FormSuccess, inputClass, SubmitButton } from "@/components/ui/form";

export function InviteMemberForm({ tenantId, roles }: { tenantId: string; roles: TRole[] }) {
  const form = useRef<HTMLFormElement>(null);
  const { execute, result, isPending, hasSucceeded, input } = useAction(inviteMember.bind(null, tenantId), {
    onSuccess: () => form.current?.reset(),
  });
  const v = result.validationErrors;
  return (
    <form
      ref={form}
      className="mt-4 grid gap-4 sm:grid-cols-[1fr_12rem_auto] sm:items-start"
      onSubmit={(e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        execute({ email: String(f.get("email") ?? ""), role: String(f.get("role")) as TRole });
      }}
    >
      <div>
        <label htmlFor="invite-email" className="block text-sm font-medium">Email address</label>
        <input id="invite-email" name="email" type="email" required className={inputClass} aria-describedby="invite-email-error" />
        <FieldError id="invite-email-error" errors={v?.email?._errors} />
      </div>
      <div>
        <label htmlFor="invite-role" className="block text-sm font-medium">Role</label>
        <select id="invite-role" name="role" defaultValue={roles.includes("agent") ? "agent" : roles[0]} className={inputClass}>
          {roles.map((r) => (
            <option key={r} value={r}>{ROLE_LABELS[r]}</option>
          ))}
        </select>
      </div>
      <div className="sm:pt-6">
        <SubmitButton pending={isPending}>Send invitation</SubmitButton>
      </div>
      <div className="sm:col-span-3">
        <FormError message={result.serverError} />
        {hasSucceeded ? <FormSuccess message={`Invitation sent to ${input?.email ?? "the address"}.`} /> : null}
      </div>
    </form>
  );
}
