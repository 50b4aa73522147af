"use client";

import type { TChannelType } from "@/lib/inbox/types";

/**
 * Attachment hook for the composer. Outbound attachments (upload, scanning,
 * per-channel limits) belong to the outbound sending work: this component is
 * where its picker goes. It renders inside the composer's toolbar, left of the
 * Send button. To wire it up:
 *   1. render the picker here and keep the uploaded Attachment ids in state
 *      lifted through an `onChange(ids)` prop;
 *   2. add `attachmentIds: z.array(ZEntityId).max(10).default([])` to
 *      ZSendReply (lib/inbox/schemas.ts) and pass them from Composer.send();
 *   3. hand them to queueOutboundMessage in lib/inbox/reply.ts.
 * Until then it renders nothing, so no control promises what cannot be sent.
 */
export function ComposerAttachments(_props: { conversationId: string; channelType: TChannelType; disabled?: boolean }) {
  return null;
}
