import type { TProviderRequest, TSendRequest, TTransport } from "./types";

/**
 * The website widget has no provider: the visitor's browser receives messages
 * over its live connection, fed by the realtime bus (`message.updated`, which
 * the send function publishes). So "sent" is immediate; delivered/read come
 * from the widget's own acknowledgements.
 */
function describe(req: TSendRequest<"widget">): Extract<TProviderRequest, { transport: "widget" }> {
  return {
    transport: "widget",
    visitor: req.recipient,
    text: req.text,
    attachments: req.attachments.map((a) => ({ fileName: a.fileName, contentType: a.contentType, size: a.size })),
  };
}

export const widgetTransport: TTransport<"widget"> = {
  name: "widget",
  describe,
  async send() {
    return { providerMessageId: null };
  },
};
