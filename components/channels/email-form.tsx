"use client";

import { useState } from "react";
import { useAction } from "next-safe-action/hooks";
import { connectEmail } from "@/lib/channels/actions/connect-email";
import { FormError, SubmitButton } from "@/components/ui/form";
import { bool, CheckboxField, SandboxField, str, TextField } from "./fields";
import { useOpenChannel } from "./use-connect";

type TServerErrors = { host?: { _errors?: string[] }; port?: { _errors?: string[] }; user?: { _errors?: string[] }; pass?: { _errors?: string[] }; _errors?: string[] } | undefined;

function ServerFields({ prefix, title, defaults, errors }: { prefix: "imap" | "smtp"; title: string; defaults: { port: number; secure: boolean; placeholder: string }; errors: TServerErrors }) {
  return (
    <fieldset className="rounded-lg border border-slate-200 p-4">
      <legend className="px-1 text-sm font-semibold text-slate-800">{title}</legend>
      <div className="grid gap-4 sm:grid-cols-[1fr_7rem]">
        <TextField id={`${prefix}-host`} name={`${prefix}.host`} label="Server" mono placeholder={defaults.placeholder} errors={errors?.host} />
        <TextField id={`${prefix}-port`} name={`${prefix}.port`} label="Port" inputMode="numeric" defaultValue={defaults.port} errors={errors?.port} />
      </div>
      <div className="mt-4">
        <CheckboxField id={`${prefix}-secure`} name={`${prefix}.secure`} label="TLS from the start (implicit TLS)" hint={prefix === "imap" ? "Usually port 993. Unticked: STARTTLS on port 143 (required)." : "Usually port 465. Unticked: STARTTLS on port 587 (required)."} defaultChecked={defaults.secure} />
      </div>
      <div className="mt-4 grid gap-4 sm:grid-cols-2">
        <TextField id={`${prefix}-user`} name={`${prefix}.user`} label="User name" autoComplete="off" errors={errors?.user} />
        <TextField id={`${prefix}-pass`} name={`${prefix}.pass`} type="password" label="Password" autoComplete="new-password" errors={errors?.pass} hint="An app password where the provider offers one." />
      </div>
    </fieldset>
  );
}

export function EmailForm({ tenantId, slug, defaults }: { tenantId: string; slug: string; defaults?: { name?: string; address?: string } }) {
  const open = useOpenChannel(slug);
  const [sandbox, setSandbox] = useState(false);
  const { execute, result, isPending } = useAction(connectEmail.bind(null, tenantId), { onSuccess: ({ data }) => open(data?.id) });
  const v = result.validationErrors;
  const server = (f: FormData, p: "imap" | "smtp") => ({ host: str(f, `${p}.host`), port: str(f, `${p}.port`), secure: bool(f, `${p}.secure`), user: str(f, `${p}.user`), pass: str(f, `${p}.pass`) });
  return (
    <form
      noValidate
      className="space-y-5"
      onSubmit={(e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        const blank = { host: "", port: "", secure: false, user: "", pass: "" };
        const sb = bool(f, "sandbox");
        const imap = server(f, "imap");
        const smtp = server(f, "smtp");
        execute({
          name: str(f, "name"),
          sandbox: sb,
          address: str(f, "address"),
          fromName: str(f, "fromName"),
          // Sandbox ignores untouched server blocks (ports and TLS have defaults).
          imap: (sb && !imap.host && !imap.user && !imap.pass ? blank : imap) as never,
          smtp: (sb && !smtp.host && !smtp.user && !smtp.pass ? blank : smtp) as never,
        });
      }}
    >
      <div className="grid gap-5 sm:grid-cols-2">
        <TextField id="name" name="name" label="Channel name" required defaultValue={defaults?.name ?? "Support email"} errors={v?.name} />
        <TextField id="address" name="address" type="email" label="Mailbox address" required defaultValue={defaults?.address} placeholder="support@example.com" errors={v?.address} />
      </div>
      <TextField id="fromName" name="fromName" label="Sender name (optional)" placeholder="Acme Support" errors={v?.fromName} hint="Replies are sent as “Sender name <address>”." />
      <ServerFields prefix="imap" title="Incoming mail (IMAP)" defaults={{ port: 993, secure: true, placeholder: "imap.example.com" }} errors={v?.imap as TServerErrors} />
      <ServerFields prefix="smtp" title="Outgoing mail (SMTP)" defaults={{ port: 465, secure: true, placeholder: "smtp.example.com" }} errors={v?.smtp as TServerErrors} />
      <SandboxField onChange={setSandbox} />
      {sandbox ? <p className="text-sm text-slate-600">In sandbox mode only the address is needed: no mail is fetched or sent.</p> : null}
      <FormError message={result.serverError} />
      <SubmitButton pending={isPending}>{isPending ? "Logging in to your servers…" : "Connect"}</SubmitButton>
    </form>
  );
}
