import Link from "next/link";

type TDevEmail = { id: string; to: string; subject: string; html: string; text: string; createdAt: Date };

/** Renders the stored HTML in a sandboxed iframe (no scripts, no same-origin access). */
export function MailboxList({ emails, selectedId, filter }: { emails: TDevEmail[]; selectedId?: string; filter?: string }) {
  const selected = emails.find((e) => e.id === selectedId) ?? emails[0];
  return (
    <div className="mt-6 grid gap-6 md:grid-cols-[18rem_1fr]">
      <div>
        <form method="get" className="mb-3 flex gap-2">
          <label htmlFor="to" className="sr-only">
            Filter by recipient
          </label>
          <input id="to" name="to" defaultValue={filter} placeholder="Filter by recipient" className="w-full rounded-md border border-slate-300 px-2 py-1 text-sm" />
          <button className="rounded-md border border-slate-300 px-2 text-sm">Filter</button>
        </form>
        {emails.length === 0 ? <p className="text-sm text-slate-500">No messages yet.</p> : null}
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200" aria-label="Messages">
          {emails.map((e) => (
            <li key={e.id}>
              <Link
                href={`/dev/mailbox?id=${e.id}${filter ? `&to=${encodeURIComponent(filter)}` : ""}`}
                aria-current={selected?.id === e.id ? "true" : undefined}
                className={`block px-3 py-2 text-sm hover:bg-slate-50 ${selected?.id === e.id ? "bg-brand-50" : ""}`}
              >
                <span className="block font-medium">{e.subject}</span>
                <span className="block text-slate-600">{e.to}</span>
                <span className="block text-xs text-slate-500">{e.createdAt.toISOString().replace("T", " ").slice(0, 19)} UTC</span>
              </Link>
            </li>
          ))}
        </ul>
      </div>
      {selected ? (
        <article className="rounded-lg border border-slate-200" aria-label="Selected message">
          <header className="border-b border-slate-200 p-3 text-sm">
            <p><strong>To:</strong> {selected.to}</p>
            <p><strong>Subject:</strong> {selected.subject}</p>
          </header>
          <pre className="whitespace-pre-wrap break-all p-3 text-sm" data-testid="mail-text">
            {linkify(selected.text)}
          </pre>
          <iframe title="HTML version" sandbox="" srcDoc={selected.html} className="h-96 w-full border-t border-slate-200" />
        </article>
      ) : null}
    </div>
  );
}

function linkify(text: string) {
  return text.split(/(https?:\/\/\S+)/g).map((part, i) =>
    /^https?:\/\//.test(part) ? (
      <a key={i} href={part} className="text-brand-600 underline">
        {part}
      </a>
    ) : (
      part
    ),
  );
}
