import { MailIcon, PhoneChatIcon, PhoneIcon, ChatIcon, SparklesIcon, EyeOffIcon } from "../icons";

const THREADS = [
  { icon: PhoneChatIcon, name: "Giulia R.", channel: "WhatsApp", preview: "Where is order #4821?", active: true },
  { icon: MailIcon, name: "Tom Becker", channel: "Email", preview: "Invoice for October" },
  { icon: PhoneIcon, name: "+39 06 ••• 118", channel: "Voice", preview: "Recording consent given" },
  { icon: ChatIcon, name: "Visitor 2f9c", channel: "Web chat", preview: "Can I move my booking?" },
];

/**
 * A static picture of the inbox built from markup rather than an image file, so it
 * stays crisp, costs no request and keeps the CSP at 'self'. Exposed as one image
 * with a text alternative; its parts are decoration.
 */
export function ProductPreview() {
  return (
    <div
      role="img"
      aria-label="Preview of the Sotto inbox: a WhatsApp question about an order answered by a clearly labelled AI reply, with the phone number masked before it reached the model and a button to hand the conversation to a person."
      className="relative overflow-hidden rounded-2xl border border-slate-200 bg-white shadow-2xl shadow-brand-700/10"
    >
      <div className="flex items-center gap-1.5 border-b border-slate-200 bg-slate-50 px-4 py-3">
        <span className="size-2.5 rounded-full bg-slate-300" />
        <span className="size-2.5 rounded-full bg-slate-300" />
        <span className="size-2.5 rounded-full bg-slate-300" />
        <span className="ml-3 text-xs font-medium text-slate-600">Inbox · All channels</span>
      </div>
      <div className="grid grid-cols-[minmax(0,0.9fr)_minmax(0,1.5fr)] text-left">
        <ul className="border-r border-slate-200">
          {THREADS.map((t) => (
            <li key={t.name} className={`flex gap-3 border-b border-slate-100 px-3 py-3 ${t.active ? "bg-brand-50" : ""}`}>
              <t.icon className={`mt-0.5 size-4 shrink-0 ${t.active ? "text-brand-600" : "text-slate-400"}`} />
              <div className="min-w-0">
                <p className="truncate text-xs font-semibold text-ink">{t.name}</p>
                <p className="truncate text-[11px] text-slate-600">
                  {t.channel} · {t.preview}
                </p>
              </div>
            </li>
          ))}
        </ul>
        <div className="flex flex-col gap-3 bg-slate-50/60 p-4">
          <div className="flex flex-wrap gap-1.5">
            <span className="rounded-full bg-white px-2 py-0.5 text-[10px] font-medium text-slate-600 ring-1 ring-slate-200">intent: order_status</span>
            <span className="rounded-full bg-white px-2 py-0.5 text-[10px] font-medium text-slate-600 ring-1 ring-slate-200">lang: it</span>
          </div>
          <p className="max-w-[85%] rounded-2xl rounded-bl-sm bg-white px-3 py-2 text-xs text-ink shadow-sm ring-1 ring-slate-200">
            Ciao! Where is my order #4821? My number is +39 347 •••• 552.
          </p>
          <p className="flex items-center gap-1.5 text-[10px] text-slate-600">
            <EyeOffIcon className="size-3.5" /> Phone number masked before the model saw it
          </p>
          <div className="ml-auto max-w-[88%] rounded-2xl rounded-br-sm bg-brand-600 px-3 py-2 text-xs text-white shadow-sm">
            <span className="mb-1 flex items-center gap-1 text-[10px] font-semibold tracking-wide text-brand-100 uppercase">
              <SparklesIcon className="size-3" /> AI reply
            </span>
            It left our warehouse yesterday and should arrive Thursday. Want the tracking link?
          </div>
          <div className="mt-1 flex items-center justify-between rounded-xl bg-white px-3 py-2 ring-1 ring-slate-200">
            <span className="text-[11px] text-slate-600">Not sure? Hand over with full context.</span>
            <span className="shrink-0 rounded-md bg-ink px-2 py-1 text-[10px] font-semibold whitespace-nowrap text-white">Hand off to Marco</span>
          </div>
        </div>
      </div>
    </div>
  );
}
