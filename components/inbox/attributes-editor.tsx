"use client";

import { useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { updateContact } from "@/lib/inbox/actions/update-contact";
import type { TContactDetail } from "@/lib/inbox/types";
import { runAction } from "./api";
import { useInbox } from "./inbox-context";
import { inboxKeys } from "./query-keys";
import { PencilIcon, PlusIcon, TrashIcon } from "./icons";
import { Spinner } from "./ui";

/** A contact's custom attributes (plan, city, order numbers…): shown as a list, edited as key/value rows. */
export function AttributesEditor({ contact }: { contact: TContactDetail }) {
  const { tenant, canAct } = useInbox();
  const qc = useQueryClient();
  const [rows, setRows] = useState<{ key: string; value: string }[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const entries = Object.entries(contact.attributes);

  const save = async () => {
    if (!rows) return;
    setSaving(true);
    setError(null);
    try {
      const cleaned = rows.map((r) => ({ key: r.key.trim(), value: r.value.trim() })).filter((r) => r.key || r.value);
      const updated = await runAction(updateContact.bind(null, tenant.id)({ contactId: contact.id, attributes: cleaned }));
      qc.setQueryData(inboxKeys.contact(contact.id), updated);
      setRows(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : "Could not save the attributes.");
    } finally {
      setSaving(false);
    }
  };

  return (
    <section className="border-t border-slate-100 px-4 py-4">
      <div className="mb-2 flex items-center justify-between">
        <h3 className="text-[11px] font-semibold uppercase tracking-wider text-slate-500">Attributes</h3>
        {canAct && !rows ? (
          <button type="button" onClick={() => setRows(entries.length ? entries.map(([key, value]) => ({ key, value })) : [{ key: "", value: "" }])} className="inline-flex items-center gap-1 rounded px-1.5 py-0.5 text-xs font-medium text-brand-700 hover:bg-brand-50">
            <PencilIcon className="size-3" /> Edit
          </button>
        ) : null}
      </div>
      {rows ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
          className="space-y-1.5"
        >
          {rows.map((r, i) => (
            <div key={i} className="flex gap-1.5">
              <label className="sr-only" htmlFor={`attr-key-${i}`}>
                Attribute {i + 1} name
              </label>
              <input
                id={`attr-key-${i}`}
                value={r.key}
                placeholder="Name"
                maxLength={40}
                onChange={(e) => setRows(rows.map((x, j) => (j === i ? { ...x, key: e.target.value } : x)))}
                className="h-8 w-24 min-w-0 rounded-md border border-slate-300 px-2 text-sm"
              />
              <label className="sr-only" htmlFor={`attr-value-${i}`}>
                Attribute {i + 1} value
              </label>
              <input
                id={`attr-value-${i}`}
                value={r.value}
                placeholder="Value"
                maxLength={500}
                onChange={(e) => setRows(rows.map((x, j) => (j === i ? { ...x, value: e.target.value } : x)))}
                className="h-8 min-w-0 flex-1 rounded-md border border-slate-300 px-2 text-sm"
              />
              <button type="button" onClick={() => setRows(rows.filter((_, j) => j !== i))} className="rounded-md p-1.5 text-slate-400 hover:bg-slate-100 hover:text-red-600" aria-label={`Remove attribute ${r.key || i + 1}`}>
                <TrashIcon />
              </button>
            </div>
          ))}
          <button type="button" onClick={() => setRows([...rows, { key: "", value: "" }])} className="inline-flex items-center gap-1 text-xs font-medium text-brand-700 hover:underline">
            <PlusIcon className="size-3.5" /> Add attribute
          </button>
          {error ? (
            <p role="alert" className="text-xs text-red-700">
              {error}
            </p>
          ) : null}
          <div className="flex gap-1.5 pt-1">
            <button type="submit" disabled={saving} className="inline-flex items-center gap-1 rounded-md bg-brand-600 px-2.5 py-1 text-xs font-medium text-white hover:bg-brand-700 disabled:opacity-60">
              {saving ? <Spinner className="size-3" /> : null} Save attributes
            </button>
            <button type="button" onClick={() => setRows(null)} className="rounded-md px-2.5 py-1 text-xs font-medium text-slate-600 hover:bg-slate-100">
              Cancel
            </button>
          </div>
        </form>
      ) : entries.length ? (
        <dl className="space-y-1.5 text-sm">
          {entries.map(([k, v]) => (
            <div key={k} className="flex justify-between gap-3">
              <dt className="shrink-0 text-slate-500">{k}</dt>
              <dd className="min-w-0 break-words text-right text-slate-800" dir="auto">
                {v}
              </dd>
            </div>
          ))}
        </dl>
      ) : (
        <p className="text-sm text-slate-500">No attributes yet.</p>
      )}
    </section>
  );
}
