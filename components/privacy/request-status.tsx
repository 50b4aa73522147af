import type { TRequestView } from "@/lib/privacy/portal";
import { REQUEST_TYPE_LABELS } from "@/lib/privacy/schemas";

const date = (d: Date) => d.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

const STATUS: Record<string, { label: string; tone: string; text: (tenant: string) => string }> = {
  pending: { label: "Received", tone: "bg-amber-50 text-amber-900 ring-amber-200", text: (t) => `${t} is reviewing your request.` },
  processing: { label: "In progress", tone: "bg-brand-50 text-brand-700 ring-brand-100", text: (t) => `${t} approved your request and is carrying it out. We will message you when it is done.` },
  completed: { label: "Completed", tone: "bg-emerald-50 text-emerald-900 ring-emerald-200", text: () => "Your request has been carried out. We sent you a message with the details." },
  refused: { label: "Refused", tone: "bg-red-50 text-red-900 ring-red-200", text: (t) => `${t} refused your request.` },
};

export function RequestStatus({ view, tenantName }: { view: Extract<TRequestView, { state: "verified" }>; tenantName: string }) {
  const s = STATUS[view.status] ?? STATUS.pending!;
  return (
    <section aria-labelledby="status" className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm sm:p-8">
      <p className={`inline-flex rounded-full px-3 py-1 text-sm font-medium ring-1 ${s.tone}`}>{s.label}</p>
      <h1 id="status" className="mt-3 text-2xl font-semibold tracking-tight text-ink">
        {REQUEST_TYPE_LABELS[view.type].title}
      </h1>
      <p role="status" className="mt-2 text-slate-700">
        {s.text(tenantName)}
      </p>
      <dl className="mt-6 grid gap-4 text-sm sm:grid-cols-2">
        <div>
          <dt className="text-slate-600">Received</dt>
          <dd className="font-medium text-ink">{date(view.receivedAt)}</dd>
        </div>
        <div>
          <dt className="text-slate-600">{view.status === "completed" ? "Completed" : "Answer due by"}</dt>
          <dd className="font-medium text-ink">{date(view.completedAt ?? view.dueAt)}</dd>
        </div>
        {view.extended && view.status !== "completed" ? (
          <div className="sm:col-span-2">
            <dt className="text-slate-600">Deadline extended because</dt>
            <dd className="text-ink">{view.extensionReason}</dd>
          </div>
        ) : null}
        {view.status === "refused" && view.refusalReason ? (
          <div className="sm:col-span-2">
            <dt className="text-slate-600">Reason</dt>
            <dd className="text-ink">{view.refusalReason}</dd>
          </div>
        ) : null}
      </dl>
      {view.status === "refused" ? (
        <p className="mt-6 text-sm text-slate-700">You may lodge a complaint with a data protection supervisory authority and seek a judicial remedy.</p>
      ) : null}
    </section>
  );
}
