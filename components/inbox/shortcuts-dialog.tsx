"use client";

import { useEffect, useRef } from "react";
import { SHORTCUTS } from "./commands";
import { XIcon } from "./icons";
import { Kbd } from "./ui";

/** The "?" help: every inbox keyboard shortcut. A native modal dialog (focus trap and Escape come with it). */
export function ShortcutsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      aria-labelledby="shortcuts-title"
      onClose={onClose}
      onClick={(e) => {
        if (e.target === ref.current) onClose();
      }}
      className="m-auto w-full max-w-md rounded-2xl border border-slate-200 p-0 shadow-2xl backdrop:bg-slate-900/30"
    >
      <div className="flex items-center justify-between border-b border-slate-100 px-5 py-4">
        <h2 id="shortcuts-title" className="text-base font-semibold">
          Keyboard shortcuts
        </h2>
        <button type="button" onClick={onClose} className="rounded-md p-1 text-slate-500 hover:bg-slate-100" aria-label="Close">
          <XIcon />
        </button>
      </div>
      <dl className="grid grid-cols-[1fr_auto] gap-x-6 gap-y-2.5 px-5 py-4 text-sm">
        {SHORTCUTS.map((s) => (
          <div key={s.label} className="contents">
            <dt className="text-slate-700">{s.label}</dt>
            <dd className="flex gap-1">
              {s.keys.map((k) => (
                <Kbd key={k}>{k}</Kbd>
              ))}
            </dd>
          </div>
        ))}
      </dl>
      <p className="border-t border-slate-100 px-5 py-3 text-xs text-slate-500">Shortcuts pause while you type in a field. Press Esc to leave the composer first.</p>
    </dialog>
  );
}
