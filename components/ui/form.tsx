/** Small shared form pieces so every form reports errors the same accessible way. */
export function FieldError({ id, errors }: { id: string; errors?: string[] }) {
  if (!errors?.length) return null;
  return (
    <p id={id} className="mt-1 text-sm text-red-700">
      {errors[0]}
    </p>
  );
}

export function FormError({ message }: { message?: string }) {
  if (!message) return null;
  return (
    <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800">
      {message}
    </p>
  );
}

export function FormSuccess({ message }: { message?: string }) {
  if (!message) return null;
  return (
    <p role="status" className="rounded-md bg-emerald-50 p-3 text-sm text-emerald-900">
      {message}
    </p>
  );
}

export function SubmitButton({ pending, children, variant = "primary" }: { pending?: boolean; children: React.ReactNode; variant?: "primary" | "danger" }) {
  const colors = variant === "danger" ? "bg-red-600 hover:bg-red-700" : "bg-brand-600 hover:bg-brand-700";
  return (
    <button type="submit" disabled={pending} aria-busy={pending || undefined} className={`rounded-lg px-4 py-2 font-medium text-white disabled:opacity-60 ${colors}`}>
      {children}
    </button>
  );
}

export const inputClass = "mt-1 block w-full rounded-lg border border-slate-300 px-3 py-2 disabled:bg-slate-50";

/** The footer of a settings card: its error or saved message, and its save button. */
export function CardSaveBar({ error, saved, savedMessage, pending, label }: { error?: string; saved: boolean; savedMessage: string; pending: boolean; label: string }) {
  return (
    <div className="flex items-center justify-between gap-4 border-t border-slate-100 px-6 py-3">
      <div className="min-w-0 flex-1">
        <FormError message={error} />
        {saved && !pending ? <FormSuccess message={savedMessage} /> : null}
      </div>
      <button type="submit" disabled={pending} className="rounded-lg bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60">
        {pending ? "Saving…" : label}
      </button>
    </div>
  );
}
