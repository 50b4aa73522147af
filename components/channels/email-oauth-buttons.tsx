"use client";

import { useAction } from "next-safe-action/hooks";
import { startEmailOAuth } from "@/lib/channels/actions/start-email-oauth";
import { FormError } from "@/components/ui/form";
import { str, TextField } from "./fields";

/** "Connect Gmail" / "Connect Outlook": validates name and address, then leaves for the provider's consent screen. */
export function EmailOAuthButtons({ tenantId, providers }: { tenantId: string; providers: { id: "google" | "microsoft"; label: string }[] }) {
  const { execute, result, isPending, input } = useAction(startEmailOAuth.bind(null, tenantId), {
    onSuccess: ({ data }) => {
      if (data?.url) window.location.assign(data.url);
    },
  });
  const v = result.validationErrors;
  return (
    <form
      noValidate
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        const submitter = (e.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
        const f = new FormData(e.currentTarget);
        execute({ provider: (submitter?.value ?? providers[0]!.id) as "google" | "microsoft", name: str(f, "oauth-name"), address: str(f, "oauth-address") });
      }}
    >
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField id="oauth-name" name="oauth-name" label="Channel name" defaultValue="Support email" errors={v?.name} />
        <TextField id="oauth-address" name="oauth-address" type="email" label="Mailbox address" placeholder="support@example.com" errors={v?.address} hint="The account you will sign in with." />
      </div>
      <div className="flex flex-wrap gap-3">
        {providers.map((p) => (
          <button key={p.id} type="submit" name="provider" value={p.id} disabled={isPending} className="rounded-lg border border-slate-300 bg-white px-4 py-2 font-medium text-slate-800 shadow-sm hover:bg-slate-50 disabled:opacity-60">
            {isPending && input?.provider === p.id ? "Opening…" : `Connect ${p.label}`}
          </button>
        ))}
      </div>
      <FormError message={result.serverError} />
    </form>
  );
}
