"use client";

import { useRouter } from "next/navigation";
import { useAction } from "next-safe-action/hooks";
import { createTenant } from "@/lib/tenants/actions/create-tenant";
import { FieldError, FormError, SubmitButton } from "@/components/ui/form";

export function CreateTenantForm() {
  const router = useRouter();
  const { execute, result, isPending } = useAction(createTenant, {
    onSuccess: ({ data }) => data && router.push(`/t/${data.slug}`),
  });
  return (
    <form
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        execute({ name: String(new FormData(e.currentTarget).get("name") ?? "") });
      }}
    >
      <div>
        <label htmlFor="name" className="block text-sm font-medium text-slate-700">
          Workspace name
        </label>
        <input id="name" name="name" required maxLength={80} placeholder="Acme Shop" className="mt-1 block w-full rounded-lg border border-slate-300 px-3 py-2" aria-describedby="name-error" />
        <FieldError id="name-error" errors={result.validationErrors?.name?._errors} />
      </div>
      <FormError message={result.serverError} />
      <SubmitButton pending={isPending}>Create workspace</SubmitButton>
    </form>
  );
}
