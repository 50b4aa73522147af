"use client";

import { useState } from "react";
import { useAction } from "next-safe-action/hooks";
import { connectTwilio } from "@/lib/channels/actions/connect-twilio";
import { FormError, SubmitButton } from "@/components/ui/form";
import { bool, SandboxField, str, TextField } from "./fields";
import { useOpenChannel } from "./use-connect";

export function TwilioForm({ tenantId, slug, type, defaults }: { tenantId: string; slug: string; type: "twilio_sms" | "twilio_whatsapp"; defaults?: { name?: string; phoneNumber?: string; messagingServiceSid?: string } }) {
  const open = useOpenChannel(slug);
  const [sender, setSender] = useState<"number" | "service">(defaults?.messagingServiceSid ? "service" : "number");
  const [sandbox, setSandbox] = useState(false);
  const { execute, result, isPending } = useAction(connectTwilio.bind(null, tenantId), { onSuccess: ({ data }) => open(data?.id) });
  const v = result.validationErrors;
  return (
    <form
      noValidate
      className="space-y-5"
      onSubmit={(e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        execute({
          type,
          name: str(f, "name"),
          sandbox: bool(f, "sandbox"),
          accountSid: str(f, "accountSid"),
          authToken: str(f, "authToken"),
          sender,
          phoneNumber: sender === "number" ? str(f, "phoneNumber") : "",
          messagingServiceSid: sender === "service" ? str(f, "messagingServiceSid") : "",
        });
      }}
    >
      <TextField id="name" name="name" label="Channel name" required defaultValue={defaults?.name ?? (type === "twilio_sms" ? "SMS" : "WhatsApp (Twilio)")} errors={v?.name} hint="Shown to your team in the inbox." />
      <div className="grid gap-5 sm:grid-cols-2">
        <TextField id="accountSid" name="accountSid" label="Account SID" mono required={!sandbox} placeholder="AC…" errors={v?.accountSid} hint="Twilio Console → Account info." />
        <TextField id="authToken" name="authToken" type="password" label="Auth token" mono required={!sandbox} errors={v?.authToken} autoComplete="new-password" hint="Also verifies the signature on every webhook Twilio sends." />
      </div>
      <fieldset>
        <legend className="text-sm font-medium text-slate-800">Send and receive with</legend>
        <div className="mt-2 flex flex-wrap gap-4 text-sm">
          <label className="flex items-center gap-2">
            <input type="radio" name="sender" value="number" checked={sender === "number"} onChange={() => setSender("number")} /> A phone number
          </label>
          <label className="flex items-center gap-2">
            <input type="radio" name="sender" value="service" checked={sender === "service"} onChange={() => setSender("service")} /> A Messaging Service
          </label>
        </div>
      </fieldset>
      {sender === "number" ? (
        <TextField id="phoneNumber" name="phoneNumber" type="tel" inputMode="tel" label={type === "twilio_whatsapp" ? "WhatsApp sender number" : "Twilio phone number"} required placeholder="+14155550123" defaultValue={defaults?.phoneNumber} errors={v?.phoneNumber} hint="International format, starting with +." />
      ) : (
        <TextField id="messagingServiceSid" name="messagingServiceSid" label="Messaging Service SID" mono required placeholder="MG…" defaultValue={defaults?.messagingServiceSid} errors={v?.messagingServiceSid} />
      )}
      <SandboxField onChange={setSandbox} />
      <FormError message={result.serverError} />
      <SubmitButton pending={isPending}>{isPending ? "Connecting…" : "Connect"}</SubmitButton>
    </form>
  );
}
