import type { ChannelType } from "@/lib/db/generated/enums";

const STYLE: Record<ChannelType, { bg: string; label: string }> = {
  whatsapp: { bg: "bg-emerald-600", label: "WA" },
  twilio_whatsapp: { bg: "bg-emerald-700", label: "TW" },
  twilio_sms: { bg: "bg-rose-600", label: "SMS" },
  messenger: { bg: "bg-blue-600", label: "M" },
  instagram: { bg: "bg-fuchsia-600", label: "IG" },
  email: { bg: "bg-sky-700", label: "@" },
  widget: { bg: "bg-brand-600", label: "W" },
};

/** A small coloured mark per channel type (decorative: the type is always written next to it). */
export function ChannelIcon({ type }: { type: ChannelType }) {
  const s = STYLE[type];
  return (
    <span aria-hidden="true" className={`inline-flex h-9 w-9 shrink-0 items-center justify-center rounded-lg text-xs font-bold text-white ${s.bg}`}>
      {s.label}
    </span>
  );
}
