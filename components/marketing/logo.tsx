/** Wordmark with an inline mark: a speech bubble holding a soft waveform ("sotto voce"). */
export function Logo({ tone = "dark" }: { tone?: "dark" | "light" }) {
  const text = tone === "light" ? "text-white" : "text-ink";
  return (
    <span className={`inline-flex items-center gap-2 text-lg font-bold tracking-tight ${text}`}>
      <svg viewBox="0 0 32 32" className="size-8" aria-hidden="true" focusable="false">
        <rect width="32" height="32" rx="8" className="fill-brand-600" />
        <path d="M8 10.5A3.5 3.5 0 0 1 11.5 7h9A3.5 3.5 0 0 1 24 10.5v7a3.5 3.5 0 0 1-3.5 3.5H15l-4.5 4v-4A3.5 3.5 0 0 1 8 17.5v-7Z" fill="white" />
        <path d="M12 14h.01M14.5 12v4M17 11v6M19.5 13v2" stroke="#2c45b8" strokeWidth="1.8" strokeLinecap="round" />
      </svg>
      Sotto
    </span>
  );
}
