import type { ChannelType } from "@/lib/db/generated/enums";
import { emailTransport } from "./email";
import { messengerTransport } from "./messenger";
import { twilioTransport } from "./twilio";
import type { TTransport } from "./types";
import { whatsappTransport } from "./whatsapp";
import { widgetTransport } from "./widget";

const TRANSPORTS: { [T in ChannelType]: TTransport<T> } = {
  widget: widgetTransport,
  whatsapp: whatsappTransport,
  messenger: messengerTransport,
  instagram: messengerTransport,
  twilio_sms: twilioTransport,
  twilio_whatsapp: twilioTransport,
  email: emailTransport,
};

export function transportFor<T extends ChannelType>(type: T): TTransport<T> {
  return TRANSPORTS[type] as TTransport<T>;
}
