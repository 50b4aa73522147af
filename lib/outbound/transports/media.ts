import { permanent } from "./errors";
import type { TOutboundAttachment } from "./types";

export type TMediaKind = "image" | "video" | "audio" | "document";

export function mediaKind(contentType: string): TMediaKind {
  if (contentType.startsWith("image/")) return "image";
  if (contentType.startsWith("video/")) return "video";
  if (contentType.startsWith("audio/")) return "audio";
  return "document";
}

/**
 * The one attachment a chat provider message can carry, with a URL the provider
 * can fetch. More than one, or one without a URL, is refused rather than
 * silently dropped.
 */
export function singleMediaUrl(attachments: TOutboundAttachment[], provider: string): (TOutboundAttachment & { url: string }) | null {
  if (attachments.length === 0) return null;
  if (attachments.length > 1) throw permanent("too_many_attachments", `${provider} messages carry one attachment each; send them as separate messages`);
  const a = attachments[0]!;
  if (!a.url) throw permanent("attachment_unavailable", `The attachment "${a.fileName}" has no address ${provider} can download it from`);
  return { ...a, url: a.url };
}
