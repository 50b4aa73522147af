"use client";

import { useState } from "react";
import { useAction } from "next-safe-action/hooks";
import { connectMetaPage } from "@/lib/channels/actions/connect-meta-page";
import { FormError, SubmitButton } from "@/components/ui/form";
import { bool, SandboxField, str, TextField } from "./fields";
import { useOpenChannel } from "./use-connect";

export function MetaPageForm({ tenantId, slug, type, defaults }: { tenantId: string; slug: string; type: "messenger" | "instagram"; defaults?: { name?: string; externalId?: string } }) {
  const open = useOpenChannel(slug);
  const [sandbox, setSandbox] = useState(false);
  const { execute, result, isPending } = useAction(connectMetaPage.bind(null, tenantId), { onSuccess: ({ data }) => open(data?.id) });
  const v = result.validationErrors;
  const ig = type === "instagram";
  return (
    <form
      noValidate
      className="space-y-5"
      onSubmit={(e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        execute({ type, name: str(f, "name"), sandbox: bool(f, "sandbox"), externalId: str(f, "externalId"), pageAccessToken: str(f, "pageAccessToken") });
      }}
    >
      <TextField id="name" name="name" label="Channel name" required defaultValue={defaults?.name ?? (ig ? "Instagram" : "Messenger")} errors={v?.name} />
      <TextField
        id="externalId"
        name="externalId"
        label={ig ? "Instagram account id" : "Page id"}
        required
        mono
        inputMode="numeric"
        defaultValue={defaults?.externalId}
        errors={v?.externalId}
        hint={ig ? "The id of the Instagram professional account linked to your Page." : "Facebook Page → About → Page transparency, or Meta Business Suite."}
      />
      <TextField id="pageAccessToken" name="pageAccessToken" type="password" label="Page access token" mono required={!sandbox} autoComplete="new-password" errors={v?.pageAccessToken} hint="A long-lived Page token with pages_messaging (and instagram_manage_messages for Instagram)." />
      <SandboxField onChange={setSandbox} />
      <FormError message={result.serverError} />
      <SubmitButton pending={isPending}>{isPending ? "Checking with Meta…" : "Connect"}</SubmitButton>
    </form>
  );
}
