"use client";

import { useRef } from "react";
import { useAction } from "next-safe-action/hooks";
import { createTeam } from "@/lib/inbox/actions/create-team";
import { FieldError, FormError, inputClass, SubmitButton } from "@/components/ui/form";

export function CreateTeamForm({ tenantId }: { tenantId: string }) {
  const form = useRef<HTMLFormElement>(null);
  const { execute, result, isPending } = useAction(createTeam.bind(null, tenantId), { onSuccess: () => form.current?.reset() });
  return (
    <form
      ref={form}
      className="flex flex-wrap items-start gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        execute({ name: String(new FormData(e.currentTarget).get("name") ?? "") });
      }}
    >
      <div className="min-w-60 flex-1">
        <label htmlFor="team-name" className="block text-sm font-medium">
          New team
        </label>
        <input id="team-name" name="name" required maxLength={60} placeholder="e.g. Billing" className={inputClass} aria-describedby="team-name-error" />
        <FieldError id="team-name-error" errors={result.validationErrors?.name?._errors} />
      </div>
      <div className="pt-6">
        <SubmitButton pending={isPending}>Create team</SubmitButton>
      </div>
      <div className="w-full">
        <FormError message={result.serverError} />
      </div>
    </form>
  );
}
