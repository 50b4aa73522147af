"use client";

import { useRef, useState } from "react";
import { useAction } from "next-safe-action/hooks";
import { createLabel } from "@/lib/inbox/actions/create-label";
import { deleteLabel } from "@/lib/inbox/actions/delete-label";
import { FieldError, FormError, inputClass, SubmitButton } from "@/components/ui/form";
import { LabelDot } from "../ui";

const PALETTE = ["#dc2626", "#d97706", "#059669", "#0284c7", "#7c3aed", "#db2777", "#475569"];

export function CreateLabelForm({ tenantId }: { tenantId: string }) {
  const form = useRef<HTMLFormElement>(null);
  const [color, setColor] = useState(PALETTE[3]!);
  const { execute, result, isPending } = useAction(createLabel.bind(null, tenantId), { onSuccess: () => form.current?.reset() });
  return (
    <form
      ref={form}
      className="flex flex-wrap items-start gap-4"
      onSubmit={(e) => {
        e.preventDefault();
        execute({ name: String(new FormData(e.currentTarget).get("name") ?? ""), color });
      }}
    >
      <div className="min-w-56 flex-1">
        <label htmlFor="label-name" className="block text-sm font-medium">
          New label
        </label>
        <input id="label-name" name="name" required maxLength={40} placeholder="e.g. refund" className={inputClass} aria-describedby="label-name-error" />
        <FieldError id="label-name-error" errors={result.validationErrors?.name?._errors} />
      </div>
      <fieldset>
        <legend className="block text-sm font-medium">Colour</legend>
        <div className="mt-2.5 flex gap-1.5">
          {PALETTE.map((c) => (
            <label key={c} className="cursor-pointer">
              <input type="radio" name="color" value={c} checked={color === c} onChange={() => setColor(c)} className="peer sr-only" />
              <span className="block size-6 rounded-full ring-offset-2 peer-checked:ring-2 peer-checked:ring-slate-900 peer-focus-visible:outline-2 peer-focus-visible:outline-brand-500" style={{ backgroundColor: c }} />
              <span className="sr-only">{c}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <div className="pt-6">
        <SubmitButton pending={isPending}>Create label</SubmitButton>
      </div>
      <div className="w-full">
        <FormError message={result.serverError} />
      </div>
    </form>
  );
}

export function LabelRow({ tenantId, label }: { tenantId: string; label: { id: string; name: string; color: string; conversations: number } }) {
  const { execute, isPending, result } = useAction(deleteLabel.bind(null, tenantId));
  return (
    <li className="flex items-center gap-3 px-4 py-3 text-sm">
      <LabelDot color={label.color} className="size-3" />
      <span className="flex-1 font-medium">{label.name}</span>
      <span className="text-slate-500">
        {label.conversations} conversation{label.conversations === 1 ? "" : "s"}
      </span>
      {result.serverError ? (
        <span role="alert" className="text-red-700">
          {result.serverError}
        </span>
      ) : null}
      <button
        type="button"
        disabled={isPending}
        onClick={() => {
          if (confirm(`Delete the label “${label.name}”? It is removed from ${label.conversations} conversation${label.conversations === 1 ? "" : "s"}.`)) execute({ labelId: label.id });
        }}
        className="rounded-md border border-red-200 px-3 py-1 text-red-700 hover:bg-red-50"
        aria-label={`Delete label ${label.name}`}
      >
        Delete
      </button>
    </li>
  );
}
