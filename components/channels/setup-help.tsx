import { CopyField } from "./copy-field";

/** Where providers must send webhooks, with the steps that go with it. */
export function TwilioWebhookHelp({ webhookUrl }: { webhookUrl: string }) {
  return (
    <section aria-labelledby="twilio-webhook" className="mt-6 rounded-xl border border-slate-200 bg-white p-6">
      <h2 id="twilio-webhook" className="text-lg font-semibold">Point Twilio at Sotto</h2>
      <ol className="mt-2 list-decimal space-y-1 pl-5 text-sm text-slate-700">
        <li>In the Twilio Console open the phone number (or the Messaging Service → Integration).</li>
        <li>Under “A message comes in”, choose Webhook, HTTP POST, and paste this URL.</li>
        <li>Use the same URL as the status callback to see delivered / read receipts.</li>
      </ol>
      <div className="mt-4">
        <CopyField id="twilio-webhook-url" label="Webhook URL" value={webhookUrl} />
      </div>
      <p className="text-xs text-slate-500">Every request is checked against the X-Twilio-Signature made with your auth token; unsigned or mis-signed requests are refused and logged.</p>
    </section>
  );
}

export function MetaWebhookHelp({ callbackUrl, configured, product }: { callbackUrl: string; configured: boolean; product: string }) {
  return (
    <section aria-labelledby="meta-webhook" className="mt-6 rounded-xl border border-slate-200 bg-white p-6">
      <h2 id="meta-webhook" className="text-lg font-semibold">Webhooks from Meta</h2>
      <p className="mt-1 text-sm text-slate-700">
        {product} messages reach Sotto through its Meta app. If you set up the app&apos;s webhooks yourself, use this callback URL and subscribe to the <code>messages</code> field.
      </p>
      <div className="mt-4">
        <CopyField id="meta-callback-url" label="Callback URL" value={callbackUrl} />
      </div>
      <p className="text-sm text-slate-700">
        <strong>Verify token:</strong> enter the value configured on this Sotto server as <code>META_VERIFY_TOKEN</code> (ask your Sotto operator; it is not shown here). Meta sends it once to confirm the URL.
      </p>
      <p className={`mt-2 text-xs ${configured ? "text-emerald-700" : "text-amber-700"}`}>
        {configured ? "This server has a verify token and app secret configured: deliveries are verified with X-Hub-Signature-256." : "This server has no Meta verify token or app secret yet: Meta deliveries are refused until the operator sets META_VERIFY_TOKEN and META_APP_SECRET."}
      </p>
    </section>
  );
}
