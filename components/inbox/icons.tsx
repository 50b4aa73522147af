import type { SVGProps } from "react";
import type { TChannelType } from "@/lib/inbox/types";

/** Inline stroke icons (the CSP allows only 'self'; inline SVG costs no request). Decorative: label the control, not the icon. */
type TIconProps = SVGProps<SVGSVGElement>;

function Icon({ children, className, ...rest }: TIconProps) {
  // A colour-only class keeps the default size; a size-* class replaces it.
  const cls = className && /(^|\s)size-/.test(className) ? className : `size-4 shrink-0 ${className ?? ""}`.trim();
  return (
    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.8} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false" className={cls} {...rest}>
      {children}
    </svg>
  );
}

const make = (paths: React.ReactNode) => {
  const C = (p: TIconProps) => <Icon {...p}>{paths}</Icon>;
  return C;
};

export const InboxIcon = make(<><path d="M22 12h-6l-2 3h-4l-2-3H2" /><path d="M5.45 5.11 2 12v6a2 2 0 0 0 2 2h16a2 2 0 0 0 2-2v-6l-3.45-6.89A2 2 0 0 0 16.76 4H7.24a2 2 0 0 0-1.79 1.11Z" /></>);
export const UserIcon = make(<><circle cx="12" cy="8" r="4" /><path d="M4 21a8 8 0 0 1 16 0" /></>);
export const UsersIcon = make(<><circle cx="9" cy="8" r="3.5" /><path d="M2.5 20a6.5 6.5 0 0 1 13 0" /><path d="M16 4.5a3.5 3.5 0 0 1 0 7" /><path d="M18 14.2a6.5 6.5 0 0 1 3.5 5.8" /></>);
export const UserPlusIcon = make(<><circle cx="9" cy="8" r="4" /><path d="M2 21a7 7 0 0 1 14 0" /><path d="M19 8v6M16 11h6" /></>);
export const UserQuestionIcon = make(<><circle cx="9" cy="8" r="4" /><path d="M2 21a7 7 0 0 1 14 0" /><path d="M17.5 9a2 2 0 1 1 2.5 1.9c-.5.2-.9.6-.9 1.1M19.1 14.5h0" /></>);
export const SearchIcon = make(<><circle cx="11" cy="11" r="7" /><path d="m20 20-3.5-3.5" /></>);
export const CheckIcon = make(<path d="m5 12.5 4.5 4.5L19 7.5" />);
export const CheckCheckIcon = make(<><path d="m2 12.5 4.5 4.5L16 7.5" /><path d="m12 16 1 1 9.5-9.5" /></>);
export const ClockIcon = make(<><circle cx="12" cy="12" r="9" /><path d="M12 7v5l3 2" /></>);
export const AlertIcon = make(<><circle cx="12" cy="12" r="9" /><path d="M12 7.5v5.5M12 16.5h0" /></>);
export const MoonIcon = make(<path d="M20 14.5A8 8 0 1 1 9.5 4a6.5 6.5 0 0 0 10.5 10.5Z" />);
export const CircleCheckIcon = make(<><circle cx="12" cy="12" r="9" /><path d="m8 12.5 2.8 2.8L16.5 9.5" /></>);
export const RotateIcon = make(<><path d="M3 12a9 9 0 1 0 3-6.7L3 8" /><path d="M3 3v5h5" /></>);
export const TagIcon = make(<><path d="M12.6 2.6A2 2 0 0 0 11.2 2H4a2 2 0 0 0-2 2v7.2a2 2 0 0 0 .6 1.4l8.7 8.7a2.4 2.4 0 0 0 3.4 0l6.6-6.6a2.4 2.4 0 0 0 0-3.4Z" /><circle cx="7.5" cy="7.5" r="1.2" fill="currentColor" /></>);
export const FlagIcon = make(<><path d="M4 22V4" /><path d="M4 4h13l-2.5 4.5L17 13H4" /></>);
export const ChevronDownIcon = make(<path d="m6 9 6 6 6-6" />);
export const XIcon = make(<path d="M18 6 6 18M6 6l12 12" />);
export const PanelRightIcon = make(<><rect x="3" y="3" width="18" height="18" rx="2" /><path d="M15 3v18" /></>);
export const SendIcon = make(<><path d="M22 2 11 13" /><path d="M22 2 15 22l-4-9-9-4Z" /></>);
export const LockIcon = make(<><rect x="4" y="11" width="16" height="10" rx="2" /><path d="M8 11V7a4 4 0 0 1 8 0v4" /></>);
export const PaperclipIcon = make(<path d="m21.4 11.1-9.2 9.2a6 6 0 0 1-8.5-8.5l9.2-9.2a4 4 0 0 1 5.7 5.7l-9.2 9.2a2 2 0 0 1-2.8-2.8l8.5-8.5" />);
export const FileIcon = make(<><path d="M14 2H6a2 2 0 0 0-2 2v16a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V8Z" /><path d="M14 2v6h6" /></>);
export const ImageIcon = make(<><rect x="3" y="3" width="18" height="18" rx="2" /><circle cx="9" cy="9" r="2" /><path d="m21 15-3.1-3.1a2 2 0 0 0-2.8 0L6 21" /></>);
export const MapPinIcon = make(<><path d="M20 10c0 6-8 12-8 12s-8-6-8-12a8 8 0 0 1 16 0Z" /><circle cx="12" cy="10" r="3" /></>);
export const KeyboardIcon = make(<><rect x="2" y="5" width="20" height="14" rx="2" /><path d="M6 9h0M10 9h0M14 9h0M18 9h0M6 13h0M18 13h0M9 13h6M8 16h8" /></>);
export const MergeIcon = make(<><circle cx="18" cy="18" r="3" /><circle cx="6" cy="6" r="3" /><path d="M6 21V9a9 9 0 0 0 9 9" /></>);
export const PencilIcon = make(<><path d="M17 3a2.8 2.8 0 1 1 4 4L7.5 20.5 2 22l1.5-5.5Z" /></>);
export const PlusIcon = make(<path d="M12 5v14M5 12h14" />);
export const TrashIcon = make(<><path d="M3 6h18" /><path d="M19 6v14a2 2 0 0 1-2 2H7a2 2 0 0 1-2-2V6M8 6V4a2 2 0 0 1 2-2h4a2 2 0 0 1 2 2v2" /></>);
export const BoltIcon = make(<path d="M13 2 3 14h9l-1 8 10-12h-9Z" />);
export const ShieldIcon = make(<path d="M12 22s8-4 8-10V5l-8-3-8 3v7c0 6 8 10 8 10Z" />);
export const WifiOffIcon = make(<><path d="M2 2l20 20" /><path d="M8.5 16.5a5 5 0 0 1 7 0M5 13a10 10 0 0 1 5.2-2.8M19 13a10 10 0 0 0-2.3-1.6M2 8.8a15 15 0 0 1 4.2-2.7M22 8.8A15 15 0 0 0 11 5M12 20h0" /></>);
export const FilterIcon = make(<path d="M22 3H2l8 9.5V19l4 2v-8.5Z" />);
export const MailIcon = make(<><rect x="2" y="4" width="20" height="16" rx="2" /><path d="m22 7-10 6L2 7" /></>);
export const ChatBubbleIcon = make(<path d="M21 12a8 8 0 0 1-11.6 7.1L4 20l1-4.6A8 8 0 1 1 21 12Z" />);
export const PhoneChatIcon = make(
  <>
    <path d="M20.5 11.7a8.5 8.5 0 0 1-12.6 7.4L3.5 20.5l1.4-4.2a8.5 8.5 0 1 1 15.6-4.6Z" />
    <path d="M9 8.5c0 3.4 2.6 6.5 6 6.5l1-1.6-2-1-1 .8a4 4 0 0 1-2.2-2.2l.8-1-1-2L9 8.5Z" />
  </>,
);
export const MessengerIcon = make(<><path d="M12 2.5C6.6 2.5 2.5 6.4 2.5 11.4c0 2.7 1.2 5 3.2 6.6V21.5l3-1.7c1 .3 2.1.4 3.3.4 5.4 0 9.5-3.9 9.5-8.9S17.4 2.5 12 2.5Z" /><path d="m7 13.5 3-3.2 2.3 2.2 4.2-2.8-3 3.3-2.3-2.2Z" /></>);
export const InstagramIcon = make(<><rect x="3" y="3" width="18" height="18" rx="5" /><circle cx="12" cy="12" r="4" /><circle cx="17.5" cy="6.5" r=".6" fill="currentColor" /></>);
export const SmsIcon = make(<><rect x="3" y="4" width="18" height="14" rx="2" /><path d="M7 22l3-4M8 9h8M8 13h5" /></>);

export const CHANNEL_LABELS: Record<TChannelType, string> = {
  widget: "Website chat",
  whatsapp: "WhatsApp",
  messenger: "Messenger",
  instagram: "Instagram",
  twilio_sms: "SMS",
  twilio_whatsapp: "WhatsApp (Twilio)",
  email: "Email",
};

export function ChannelIcon({ type, className }: { type: TChannelType; className?: string }) {
  switch (type) {
    case "whatsapp":
    case "twilio_whatsapp":
      return <PhoneChatIcon className={className} />;
    case "email":
      return <MailIcon className={className} />;
    case "messenger":
      return <MessengerIcon className={className} />;
    case "instagram":
      return <InstagramIcon className={className} />;
    case "twilio_sms":
      return <SmsIcon className={className} />;
    default:
      return <ChatBubbleIcon className={className} />;
  }
}
export const AtSignIcon = make(<><circle cx="12" cy="12" r="4" /><path d="M16 8v5a3 3 0 0 0 6 0v-1a10 10 0 1 0-4 8" /></>);
