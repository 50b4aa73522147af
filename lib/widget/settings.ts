import { randomInt } from "node:crypto";
import { z } from "zod";
import { ZBusinessHours } from "@/lib/inbox/business-hours";
import { normalizeOrigin } from "./origins";

/**
 * Settings of a `widget` channel (Channel.settings), edited in the channel
 * settings UI and read by the widget API and frame. Everything here is public:
 * the chat frame shows it to any visitor of an allowed site.
 */

export const WIDGET_KEY_PREFIX = "pk_";
const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** A widget's public key (Channel.externalId): `pk_` + 24 base62 characters (~143 bits). */
export function generateWidgetKey(): string {
  let out = WIDGET_KEY_PREFIX;
  for (let i = 0; i < 24; i++) out += BASE62[randomInt(62)];
  return out;
}

export const ZWidgetKey = z.string().regex(/^pk_[0-9A-Za-z]{24}$/, "Not a widget key.");

/** An allowed website, stored canonical (`https://shop.example.com`, `http://localhost:8080`). */
export const ZAllowedOrigin = z
  .string()
  .trim()
  .max(300)
  .transform((v, ctx) => {
    const origin = normalizeOrigin(v);
    if (!origin) {
      ctx.addIssue({ code: "custom", message: "Enter an origin such as https://www.example.com (scheme and host, optional port, no path)." });
      return z.NEVER;
    }
    return origin;
  });

export const WIDGET_POSITIONS = ["right", "left"] as const;
export type TWidgetPosition = (typeof WIDGET_POSITIONS)[number];

const ZHexColor = z
  .string()
  .trim()
  .regex(/^#[0-9a-fA-F]{6}$/, "Use a colour like #4f46e5.")
  .transform((v) => v.toLowerCase());

const text = (max: number) => z.string().trim().max(max);

export const ZWidgetSettings = z.object({
  /** Sites that may embed the widget. Empty: the widget works nowhere (a new channel is inert until configured). */
  allowedOrigins: z
    .array(ZAllowedOrigin)
    .max(20, "At most 20 websites.")
    .default([])
    .transform((list) => [...new Set(list)]),
  /** Launcher and header colour; text on it is black or white, whichever contrasts more. */
  brandColor: ZHexColor.default("#4f46e5"),
  /** Shown in the chat header. */
  title: text(60).min(1).default("Chat with us"),
  /** First message the visitor sees, before anyone writes. */
  greeting: text(500).default("Hi there! How can we help?"),
  /** Where the launcher sits on the page. */
  position: z.enum(WIDGET_POSITIONS).default("right"),
  /** Launcher text and accessible name. */
  launcherLabel: text(40).min(1).default("Open chat"),
  /** Shown instead of the usual reply-time hint outside business hours. */
  offlineMessage: text(300).default("We're away right now. Leave a message and we'll reply as soon as we're back."),
  /** Opening hours of this inbox; absent or disabled: always open. Same shape as team business hours. */
  businessHours: ZBusinessHours.nullable().default(null),
});
export type TWidgetSettings = z.output<typeof ZWidgetSettings>;
export type TWidgetSettingsInput = z.input<typeof ZWidgetSettings>;

export const DEFAULT_WIDGET_SETTINGS: TWidgetSettings = ZWidgetSettings.parse({});

/**
 * Channel.settings as stored, read leniently: a field that does not validate
 * falls back to its default instead of breaking the widget on every site
 * (the settings UI validates strictly on save with ZWidgetSettings).
 */
export function widgetSettingsFrom(json: unknown): TWidgetSettings {
  const source = json && typeof json === "object" && !Array.isArray(json) ? (json as Record<string, unknown>) : {};
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(ZWidgetSettings.shape) as (keyof typeof ZWidgetSettings.shape)[]) {
    const field = ZWidgetSettings.shape[key].safeParse(source[key]);
    out[key] = field.success ? field.data : DEFAULT_WIDGET_SETTINGS[key];
  }
  return out as TWidgetSettings;
}

/** `#000000` or `#ffffff`, whichever reads better on `hex` (WCAG relative luminance). */
export function contrastTextColor(hex: string): "#000000" | "#ffffff" {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(1 + i * 2, 3 + i * 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const l = 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
  // Contrast with white is 1.05 / (l + 0.05); with black (l + 0.05) / 0.05.
  return 1.05 / (l + 0.05) >= (l + 0.05) / 0.05 ? "#ffffff" : "#000000";
}

const escapeAttr = (v: string) => v.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/**
 * The one-line embed code for a channel. The launcher's look travels as
 * attributes because the loader makes no request to Sotto before the visitor
 * clicks; defaults are left out to keep the line short.
 */
export function embedSnippet(appUrl: string, publicKey: string, settings: Pick<TWidgetSettings, "brandColor" | "position" | "launcherLabel">): string {
  const src = new URL("/widget.js", appUrl).toString();
  const attrs = [`src="${escapeAttr(src)}"`, `data-sotto-key="${escapeAttr(publicKey)}"`];
  if (settings.brandColor !== DEFAULT_WIDGET_SETTINGS.brandColor) attrs.push(`data-sotto-color="${escapeAttr(settings.brandColor)}"`);
  if (settings.position !== DEFAULT_WIDGET_SETTINGS.position) attrs.push(`data-sotto-position="${escapeAttr(settings.position)}"`);
  if (settings.launcherLabel !== DEFAULT_WIDGET_SETTINGS.launcherLabel) attrs.push(`data-sotto-label="${escapeAttr(settings.launcherLabel)}"`);
  return `<script ${attrs.join(" ")} async></script>`;
}
