"use client";

import { useState } from "react";

/** A read-only value (webhook URL, embed snippet) with a copy button that says when it worked. */
export function CopyField({ id, label, value, multiline }: { id: string; label: string; value: string; multiline?: boolean }) {
  const [copied, setCopied] = useState<"idle" | "done" | "failed">("idle");
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied("done");
    } catch {
      setCopied("failed");
    }
    setTimeout(() => setCopied("idle"), 2500);
  };
  const cls = "block w-full rounded-lg border border-slate-300 bg-slate-50 px-3 py-2 font-mono text-sm text-slate-800";
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <div className="mt-1 flex items-start gap-2">
        {multiline ? (
          <textarea id={id} readOnly value={value} rows={3} className={`${cls} resize-none`} onFocus={(e) => e.currentTarget.select()} />
        ) : (
          <input id={id} readOnly value={value} className={cls} onFocus={(e) => e.currentTarget.select()} />
        )}
        <button type="button" onClick={copy} className="shrink-0 rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm font-medium hover:bg-slate-50" aria-describedby={`${id}-copied`}>
          Copy
        </button>
      </div>
      <p id={`${id}-copied`} role="status" className="mt-1 h-4 text-xs text-emerald-700">
        {copied === "done" ? "Copied to the clipboard." : copied === "failed" ? "Copy failed: select the text and copy it." : ""}
      </p>
    </div>
  );
}
