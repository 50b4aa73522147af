"use client";

import { useAction } from "next-safe-action/hooks";
import { renameChannel } from "@/lib/channels/actions/rename-channel";
import { FormError, FormSuccess, SubmitButton } from "@/components/ui/form";
import { str, TextField } from "./fields";

export function RenameForm({ tenantId, channelId, name }: { tenantId: string; channelId: string; name: string }) {
  const { execute, result, isPending, hasSucceeded } = useAction(renameChannel.bind(null, tenantId));
  return (
    <form
      noValidate
      className="flex flex-wrap items-end gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        execute({ channelId, name: str(new FormData(e.currentTarget), "name") });
      }}
    >
      <div className="min-w-64 flex-1">
        <TextField id="rename" name="name" label="Channel name" defaultValue={name} errors={result.validationErrors?.name} />
      </div>
      <div className="pb-[1px]">
        <SubmitButton pending={isPending}>Rename</SubmitButton>
      </div>
      <div className="w-full">
        <FormError message={result.serverError} />
        {hasSucceeded ? <FormSuccess message="Renamed." /> : null}
      </div>
    </form>
  );
}
