"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { useAction } from "next-safe-action/hooks";
import { disconnectChannel } from "@/lib/channels/actions/disconnect-channel";
import { FormError } from "@/components/ui/form";

/** Two-step: the first click explains what happens, the second disconnects. */
export function DisconnectButton({ tenantId, channelId, name }: { tenantId: string; channelId: string; name: string }) {
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const { execute, result, isPending } = useAction(disconnectChannel.bind(null, tenantId), { onSuccess: () => router.refresh() });
  if (!confirming) {
    return (
      <button type="button" onClick={() => setConfirming(true)} className="rounded-lg border border-red-300 bg-white px-4 py-2 font-medium text-red-700 hover:bg-red-50">
        Disconnect…
      </button>
    );
  }
  return (
    <div role="group" aria-label={`Confirm disconnecting ${name}`} className="space-y-3 rounded-lg border border-red-200 bg-red-50 p-4">
      <p className="text-sm text-red-900">
        Disconnecting <strong>{name}</strong> stops all traffic at once: incoming messages are refused and the stored credentials are deleted. Conversations stay. Reconnecting means entering the credentials again.
      </p>
      <div className="flex gap-3">
        <button type="button" disabled={isPending} onClick={() => execute({ channelId })} className="rounded-lg bg-red-600 px-4 py-2 font-medium text-white hover:bg-red-700 disabled:opacity-60">
          {isPending ? "Disconnecting…" : "Disconnect now"}
        </button>
        <button type="button" onClick={() => setConfirming(false)} className="rounded-lg border border-slate-300 bg-white px-4 py-2 font-medium hover:bg-slate-50">
          Cancel
        </button>
      </div>
      <FormError message={result.serverError} />
    </div>
  );
}
