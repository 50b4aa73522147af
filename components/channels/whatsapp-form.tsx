"use client";

import { useState } from "react";
import { useAction } from "next-safe-action/hooks";
import { connectWhatsApp } from "@/lib/channels/actions/connect-whatsapp";
import { FormError, SubmitButton } from "@/components/ui/form";
import { bool, SandboxField, str, TextField } from "./fields";
import { useOpenChannel } from "./use-connect";

export function WhatsAppManualForm({ tenantId, slug, defaults }: { tenantId: string; slug: string; defaults?: { name?: string; externalId?: string; wabaId?: string } }) {
  const open = useOpenChannel(slug);
  const [sandbox, setSandbox] = useState(false);
  const { execute, result, isPending } = useAction(connectWhatsApp.bind(null, tenantId), { onSuccess: ({ data }) => open(data?.id) });
  const v = result.validationErrors;
  return (
    <form
      noValidate
      className="space-y-5"
      onSubmit={(e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        execute({ name: str(f, "name"), sandbox: bool(f, "sandbox"), phoneNumberId: str(f, "phoneNumberId"), wabaId: str(f, "wabaId"), accessToken: str(f, "accessToken") });
      }}
    >
      <TextField id="name" name="name" label="Display name" required defaultValue={defaults?.name ?? "WhatsApp"} errors={v?.name} hint="How your team sees this number in the inbox." />
      <div className="grid gap-5 sm:grid-cols-2">
        <TextField id="phoneNumberId" name="phoneNumberId" label="Phone number id" required mono inputMode="numeric" defaultValue={defaults?.externalId} errors={v?.phoneNumberId} hint="WhatsApp Manager → API setup (not the phone number itself)." />
        <TextField id="wabaId" name="wabaId" label="WhatsApp Business Account id" required mono inputMode="numeric" defaultValue={defaults?.wabaId} errors={v?.wabaId} />
      </div>
      <TextField id="accessToken" name="accessToken" type="password" label="Access token" mono required={!sandbox} autoComplete="new-password" errors={v?.accessToken} hint="A permanent system-user token with whatsapp_business_messaging and whatsapp_business_management." />
      <SandboxField onChange={setSandbox} />
      <FormError message={result.serverError} />
      <SubmitButton pending={isPending}>{isPending ? "Checking with Meta…" : "Connect"}</SubmitButton>
    </form>
  );
}
