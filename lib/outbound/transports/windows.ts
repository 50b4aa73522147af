/**
 * Providers' customer-service windows, counted from the contact's last inbound
 * message: WhatsApp (Cloud API and through Twilio) and Messenger/Instagram
 * accept free-form messages for 24 hours; Messenger/Instagram allow a human
 * agent 7 days with the HUMAN_AGENT tag.
 */
export const CUSTOMER_SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000;
export const HUMAN_AGENT_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

export function withinWindow(lastInboundAt: Date | null, now: Date, windowMs: number): boolean {
  return lastInboundAt !== null && now.getTime() - lastInboundAt.getTime() < windowMs;
}
