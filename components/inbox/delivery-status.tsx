"use client";

import { useId } from "react";
import clsx from "clsx";
import type { TMessageDto } from "@/lib/inbox/types";
import { AlertIcon, CheckCheckIcon, CheckIcon, ClockIcon, ShieldIcon } from "./icons";
import { formatDateTime } from "./format";

/**
 * Delivery ticks for outbound messages. A failure and a sandbox send explain
 * themselves in a tooltip that opens on hover and on keyboard focus.
 */
function Tip({ label, tip, className, children }: { label: string; tip: string; className?: string; children: React.ReactNode }) {
  const id = useId();
  return (
    <span className="group relative inline-flex">
      <button type="button" aria-describedby={id} className={clsx("inline-flex items-center gap-1 rounded px-0.5 text-[11px] font-medium", className)}>
        {children}
        <span className="sr-only">{label}</span>
      </button>
      <span
        id={id}
        role="tooltip"
        className="pointer-events-none invisible absolute bottom-full right-0 z-20 mb-1.5 w-64 rounded-lg bg-slate-900 px-3 py-2 text-left text-xs font-normal leading-snug text-white opacity-0 shadow-lg transition-opacity group-focus-within:visible group-focus-within:opacity-100 group-hover:visible group-hover:opacity-100"
      >
        {tip}
      </span>
    </span>
  );
}

export function DeliveryStatus({ message }: { message: TMessageDto }) {
  switch (message.status) {
    case "queued":
      return (
        <span className="inline-flex items-center gap-1 text-[11px] text-slate-400" title="Queued">
          <ClockIcon className="size-3" />
          <span className="sr-only">Queued</span>
        </span>
      );
    case "sent":
      return (
        <span className="inline-flex text-slate-400" title={message.sentAt ? `Sent ${formatDateTime(message.sentAt)}` : "Sent"}>
          <CheckIcon className="size-3.5" />
          <span className="sr-only">Sent</span>
        </span>
      );
    case "delivered":
      return (
        <span className="inline-flex text-slate-400" title={message.deliveredAt ? `Delivered ${formatDateTime(message.deliveredAt)}` : "Delivered"}>
          <CheckCheckIcon className="size-3.5" />
          <span className="sr-only">Delivered</span>
        </span>
      );
    case "read":
      return (
        <span className="inline-flex text-sky-500" title={message.readAt ? `Read ${formatDateTime(message.readAt)}` : "Read"}>
          <CheckCheckIcon className="size-3.5" />
          <span className="sr-only">Read</span>
        </span>
      );
    case "failed":
      return (
        <Tip
          label=": show the error"
          className="text-red-600 hover:bg-red-50"
          tip={`${message.errorMessage ?? "The provider refused this message."}${message.errorCode ? ` (code ${message.errorCode})` : ""}`}
        >
          <AlertIcon className="size-3.5" /> Failed
        </Tip>
      );
    case "sandboxed":
      return (
        <Tip label=": what this means" className="bg-amber-50 text-amber-800 ring-1 ring-inset ring-amber-600/20 hover:bg-amber-100" tip="This channel has no live credentials. Sotto recorded what would have been sent; nothing reached the contact.">
          <ShieldIcon className="size-3" /> Sent to sandbox
        </Tip>
      );
    default:
      return null;
  }
}
