"use client";

import { useState } from "react";
import { createLabel } from "@/lib/inbox/actions/create-label";
import type { TConversationSummary } from "@/lib/inbox/types";
import { runAction } from "./api";
import { useInbox } from "./inbox-context";
import { CheckIcon, PlusIcon, TagIcon } from "./icons";
import { LabelDot, Popover, Spinner } from "./ui";

const PALETTE = ["#dc2626", "#d97706", "#059669", "#0284c7", "#7c3aed", "#db2777", "#475569"];

/** Apply, remove and create labels. Checkboxes, so the whole set is sent at once. */
export function LabelsMenu({ summary, onChange, disabled }: { summary: TConversationSummary; onChange: (labelIds: string[]) => void; disabled?: boolean }) {
  const { data, tenant, addLabel } = useInbox();
  const [q, setQ] = useState("");
  const [creating, setCreating] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const applied = new Set(summary.labels.map((l) => l.id));
  const term = q.trim().toLowerCase();
  const shown = data.labels.filter((l) => l.name.toLowerCase().includes(term));
  const exact = data.labels.some((l) => l.name.toLowerCase() === term);

  const toggle = (id: string) => {
    const next = new Set(applied);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    onChange([...next]);
  };

  const create = async () => {
    setCreating(true);
    setError(null);
    try {
      const label = await runAction(createLabel.bind(null, tenant.id)({ name: q.trim(), color: PALETTE[data.labels.length % PALETTE.length]! }));
      if ("id" in label) {
        addLabel(label);
        onChange([...applied, label.id]);
        setQ("");
      }
    } catch (e) {
      setError(e instanceof Error ? e.message : "Could not create the label.");
    } finally {
      setCreating(false);
    }
  };

  return (
    <Popover
      label="Labels"
      disabled={disabled}
      panelClassName="w-64"
      trigger={() => (
        <>
          <TagIcon className="text-slate-500" />
          <span>Labels</span>
          {summary.labels.length ? <span className="rounded bg-slate-100 px-1 text-xs tabular-nums">{summary.labels.length}</span> : null}
        </>
      )}
    >
      {() => (
        <div>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (term && !exact) void create();
              else if (shown[0]) toggle(shown[0].id);
            }}
          >
            <label htmlFor="label-search" className="sr-only">
              Find or create a label
            </label>
            <input
              id="label-search"
              data-autofocus
              value={q}
              onChange={(e) => setQ(e.target.value)}
              placeholder="Find or create a label"
              maxLength={40}
              className="h-8 w-full rounded-md border border-slate-300 px-2 text-sm"
            />
          </form>
          <fieldset className="mt-1.5 max-h-60 overflow-y-auto">
            <legend className="sr-only">Labels on this conversation</legend>
            {shown.map((l) => (
              <label key={l.id} className="flex cursor-pointer items-center gap-2 rounded-md px-2 py-1.5 hover:bg-slate-100 has-focus-visible:bg-slate-100">
                <input type="checkbox" checked={applied.has(l.id)} onChange={() => toggle(l.id)} className="peer sr-only" />
                <span aria-hidden="true" className="flex size-4 items-center justify-center rounded border border-slate-300 bg-white text-white peer-checked:border-brand-600 peer-checked:bg-brand-600 peer-focus-visible:ring-2 peer-focus-visible:ring-brand-500">
                  <CheckIcon className="size-3" />
                </span>
                <LabelDot color={l.color} />
                <span className="flex-1 truncate">{l.name}</span>
              </label>
            ))}
            {!shown.length && !term ? <p className="px-2 py-2 text-xs text-slate-500">No labels yet. Type a name to create one.</p> : null}
          </fieldset>
          {term && !exact ? (
            <button type="button" onClick={() => void create()} disabled={creating} className="mt-1 flex w-full items-center gap-2 rounded-md px-2 py-1.5 text-left text-brand-700 hover:bg-brand-50 disabled:opacity-60">
              {creating ? <Spinner className="size-3.5" /> : <PlusIcon className="size-4" />}
              Create label “{q.trim()}”
            </button>
          ) : null}
          {error ? (
            <p role="alert" className="mt-1 px-2 text-xs text-red-700">
              {error}
            </p>
          ) : null}
        </div>
      )}
    </Popover>
  );
}
