"use client";

import { useEffect, useRef, useState } from "react";
import clsx from "clsx";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { mergeContacts } from "@/lib/inbox/actions/merge-contacts";
import type { TContactDetail, TContactMatch } from "@/lib/inbox/types";
import { runAction } from "./api";
import { useInbox } from "./inbox-context";
import { inboxKeys } from "./query-keys";
import { MergeIcon, SearchIcon, XIcon } from "./icons";
import { Avatar, Spinner } from "./ui";
import { contactName } from "./format";

/**
 * Merging a duplicate into the contact on screen: pick the duplicate, read what
 * will happen, confirm. The contact on screen survives.
 */
export function MergeContactDialog({ survivor, onClose }: { survivor: TContactDetail; onClose: () => void }) {
  const { api, tenant, announce } = useInbox();
  const qc = useQueryClient();
  const ref = useRef<HTMLDialogElement>(null);
  const [q, setQ] = useState("");
  const [term, setTerm] = useState("");
  const [picked, setPicked] = useState<TContactMatch | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    ref.current?.showModal();
  }, []);
  useEffect(() => {
    const t = setTimeout(() => setTerm(q.trim()), 250);
    return () => clearTimeout(t);
  }, [q]);

  const results = useQuery({
    queryKey: inboxKeys.contactSearch(term, survivor.id),
    queryFn: ({ signal }) => api.searchContacts(term, survivor.id, signal),
    enabled: term.length >= 2,
  });

  const merge = async () => {
    if (!picked) return;
    setSaving(true);
    setError(null);
    try {
      await runAction(mergeContacts.bind(null, tenant.id)({ survivorId: survivor.id, mergedId: picked.id }));
      await Promise.all([
        qc.invalidateQueries({ queryKey: inboxKeys.contact(survivor.id) }),
        qc.invalidateQueries({ queryKey: inboxKeys.lists() }),
        qc.invalidateQueries({ queryKey: inboxKeys.conversations() }),
      ]);
      announce(`${contactName(picked)} merged into ${contactName(survivor)}`);
      onClose();
    } catch (e) {
      setError(e instanceof Error ? e.message : "The merge failed.");
    } finally {
      setSaving(false);
    }
  };

  return (
    <dialog ref={ref} onClose={onClose} aria-labelledby="merge-title" className="m-auto w-full max-w-lg rounded-2xl border border-slate-200 p-0 shadow-2xl backdrop:bg-slate-900/30">
      <div className="flex items-center justify-between border-b border-slate-100 px-5 py-4">
        <h2 id="merge-title" className="flex items-center gap-2 text-base font-semibold">
          <MergeIcon /> Merge into {contactName(survivor)}
        </h2>
        <button type="button" onClick={() => ref.current?.close()} className="rounded-md p-1 text-slate-500 hover:bg-slate-100" aria-label="Close">
          <XIcon />
        </button>
      </div>
      <div className="px-5 py-4">
        <label htmlFor="merge-search" className="block text-sm font-medium text-slate-700">
          Find the duplicate contact
        </label>
        <div className="relative mt-1.5">
          <SearchIcon className="pointer-events-none absolute left-2.5 top-1/2 -translate-y-1/2 text-slate-400" />
          <input
            id="merge-search"
            autoFocus
            value={q}
            onChange={(e) => {
              setQ(e.target.value);
              setPicked(null);
            }}
            placeholder="Name, email, phone or ID"
            className="h-9 w-full rounded-lg border border-slate-300 pl-8 pr-3 text-sm"
          />
        </div>
        <div className="mt-2 min-h-24">
          {term.length < 2 ? (
            <p className="py-3 text-sm text-slate-500">Type at least two characters.</p>
          ) : results.isPending ? (
            <p className="flex items-center gap-2 py-3 text-sm text-slate-500">
              <Spinner /> Searching…
            </p>
          ) : results.data?.length ? (
            <fieldset>
              <legend className="sr-only">Matching contacts</legend>
              <ul className="max-h-60 space-y-1 overflow-y-auto">
                {results.data.map((r) => (
                  <li key={r.id}>
                    <label className={clsx("flex cursor-pointer items-center gap-3 rounded-lg border px-3 py-2", picked?.id === r.id ? "border-brand-500 bg-brand-50" : "border-slate-200 hover:bg-slate-50")}>
                      <input type="radio" name="merge-target" checked={picked?.id === r.id} onChange={() => setPicked(r)} className="accent-brand-600" />
                      <Avatar id={r.id} name={contactName(r)} size="sm" />
                      <span className="min-w-0 flex-1">
                        <span className="block truncate text-sm font-medium">{contactName(r)}</span>
                        <span className="block truncate text-xs text-slate-500">{[r.email, r.phone].filter(Boolean).join(" · ") || "No email or phone"}</span>
                      </span>
                      <span className="text-xs text-slate-500">
                        {r.conversations} conversation{r.conversations === 1 ? "" : "s"}
                      </span>
                    </label>
                  </li>
                ))}
              </ul>
            </fieldset>
          ) : (
            <p className="py-3 text-sm text-slate-500">No other contact matches “{term}”.</p>
          )}
        </div>
        {picked ? (
          <p className="mt-3 rounded-lg bg-slate-50 px-3 py-2.5 text-sm text-slate-700">
            <strong>{contactName(picked)}</strong>&apos;s identities and {picked.conversations} conversation{picked.conversations === 1 ? "" : "s"} move to <strong>{contactName(survivor)}</strong>. Opt-outs and privacy
            restrictions from either contact are kept. This is recorded in the audit log.
          </p>
        ) : null}
        {error ? (
          <p role="alert" className="mt-3 text-sm text-red-700">
            {error}
          </p>
        ) : null}
      </div>
      <div className="flex justify-end gap-2 border-t border-slate-100 px-5 py-3">
        <button type="button" onClick={() => ref.current?.close()} className="rounded-lg px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-100">
          Cancel
        </button>
        <button type="button" disabled={!picked || saving} onClick={() => void merge()} className="inline-flex items-center gap-1.5 rounded-lg bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-50">
          {saving ? <Spinner className="size-3.5" /> : null} Merge contacts
        </button>
      </div>
    </dialog>
  );
}
