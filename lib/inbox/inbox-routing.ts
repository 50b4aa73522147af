import { z } from "zod";
import { ZBusinessHours } from "./business-hours";
import { ZEntityId } from "./filters";

/**
 * Per-inbox (per-channel) assignment settings, kept in Channel.settings next to
 * the channel's own settings: `routing` (auto-assign on/off, the team new
 * conversations go to) and `businessHours` (the same key the widget shows to
 * visitors, so the inbox's hours and the widget's "we're away" agree).
 */
export const ZInboxRouting = z.object({
  autoAssign: z.boolean().default(true),
  teamId: ZEntityId.nullable().default(null),
});
export type TInboxRouting = z.infer<typeof ZInboxRouting>;

export const DEFAULT_INBOX_ROUTING: TInboxRouting = { autoAssign: true, teamId: null };

/** Reads Channel.settings.routing leniently: anything malformed counts as the default (auto-assign on, no team). */
export function inboxRoutingFrom(settings: unknown): TInboxRouting {
  if (!settings || typeof settings !== "object") return DEFAULT_INBOX_ROUTING;
  const parsed = ZInboxRouting.safeParse((settings as Record<string, unknown>).routing ?? {});
  return parsed.success ? parsed.data : DEFAULT_INBOX_ROUTING;
}

export const ZUpdateInboxRouting = z.object({
  channelId: ZEntityId,
  autoAssign: z.boolean(),
  teamId: ZEntityId.nullable(),
  businessHours: ZBusinessHours.nullable(),
});
export type TUpdateInboxRouting = z.infer<typeof ZUpdateInboxRouting>;
