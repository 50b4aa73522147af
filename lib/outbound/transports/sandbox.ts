import type { ChannelType } from "@/lib/db/generated/enums";
import type { TProviderRequest, TSendRequest, TTransport } from "./types";

/**
 * The sandbox transport: for a channel with `sandbox = true` or without live
 * credentials. It asks the real transport for the exact request it would make
 * (secrets redacted, refusals included: a WhatsApp free-form message after 24
 * hours is refused here as it would be live) and records it on the message
 * (`payload.sandbox`), status `sandboxed`. Never a silent no-op: the inbox shows
 * "sent to sandbox" with the request.
 */
export type TSandboxRecord = { transport: string; recordedAt: string; request: TProviderRequest };

export function sandboxRecord<T extends ChannelType>(transport: TTransport<T>, req: TSendRequest<T>): TSandboxRecord {
  return { transport: transport.name, recordedAt: req.now.toISOString(), request: transport.describe(req) };
}

/** Widgets need no credentials; every other channel without them can only be sandboxed. */
export function usesSandbox(channel: { type: ChannelType; sandbox: boolean; credentials: string | null }): boolean {
  return channel.sandbox || (channel.type !== "widget" && !channel.credentials);
}
