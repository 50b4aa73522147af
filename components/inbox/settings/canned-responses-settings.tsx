"use client";

import { useRef, useState } from "react";
import { useAction } from "next-safe-action/hooks";
import { createCannedResponse } from "@/lib/inbox/actions/create-canned-response";
import { updateCannedResponse } from "@/lib/inbox/actions/update-canned-response";
import { deleteCannedResponse } from "@/lib/inbox/actions/delete-canned-response";
import { CANNED_VARIABLE_HELP, CANNED_VARIABLES } from "@/lib/inbox/canned-template";
import { FieldError, FormError, inputClass, SubmitButton } from "@/components/ui/form";
import { BoltIcon } from "../icons";

type TCanned = { id: string; shortcut: string; title: string; body: string };

function Fields({ idPrefix, defaults, errors }: { idPrefix: string; defaults?: TCanned; errors?: { shortcut?: { _errors?: string[] }; title?: { _errors?: string[] }; body?: { _errors?: string[] } } }) {
  const body = useRef<HTMLTextAreaElement>(null);
  const insert = (v: string) => {
    const el = body.current;
    if (!el) return;
    const token = `{{${v}}}`;
    const at = el.selectionStart ?? el.value.length;
    el.setRangeText(token, at, el.selectionEnd ?? at, "end");
    el.focus();
  };
  return (
    <div className="grid gap-4 sm:grid-cols-[12rem_1fr]">
      <div>
        <label htmlFor={`${idPrefix}-shortcut`} className="block text-sm font-medium">
          Shortcut
        </label>
        <div className="relative">
          <span className="pointer-events-none absolute left-3 top-1/2 mt-0.5 -translate-y-1/2 text-slate-400">/</span>
          <input id={`${idPrefix}-shortcut`} name="shortcut" required maxLength={32} defaultValue={defaults?.shortcut} placeholder="greeting" className={`${inputClass} pl-6`} aria-describedby={`${idPrefix}-shortcut-error`} />
        </div>
        <FieldError id={`${idPrefix}-shortcut-error`} errors={errors?.shortcut?._errors} />
      </div>
      <div>
        <label htmlFor={`${idPrefix}-title`} className="block text-sm font-medium">
          Title
        </label>
        <input id={`${idPrefix}-title`} name="title" required maxLength={80} defaultValue={defaults?.title} className={inputClass} aria-describedby={`${idPrefix}-title-error`} />
        <FieldError id={`${idPrefix}-title-error`} errors={errors?.title?._errors} />
      </div>
      <div className="sm:col-span-2">
        <label htmlFor={`${idPrefix}-body`} className="block text-sm font-medium">
          Response
        </label>
        <textarea ref={body} id={`${idPrefix}-body`} name="body" required rows={4} maxLength={4096} defaultValue={defaults?.body} dir="auto" className={inputClass} aria-describedby={`${idPrefix}-vars ${idPrefix}-body-error`} />
        <FieldError id={`${idPrefix}-body-error`} errors={errors?.body?._errors} />
        <div id={`${idPrefix}-vars`} className="mt-2 flex flex-wrap items-center gap-1.5 text-xs text-slate-500">
          <span>Insert:</span>
          {CANNED_VARIABLES.map((v) => (
            <button key={v} type="button" onClick={() => insert(v)} title={CANNED_VARIABLE_HELP[v]} className="rounded border border-slate-200 bg-slate-50 px-1.5 py-0.5 font-mono text-slate-700 hover:bg-slate-100">
              {`{{${v}}}`}
            </button>
          ))}
          <span>Fallback: {"{{contact.first_name | there}}"}</span>
        </div>
      </div>
    </div>
  );
}

const read = (form: HTMLFormElement) => {
  const f = new FormData(form);
  return { shortcut: String(f.get("shortcut") ?? "").trim().replace(/^\//, ""), title: String(f.get("title") ?? ""), body: String(f.get("body") ?? "") };
};

export function CreateCannedResponseForm({ tenantId }: { tenantId: string }) {
  const form = useRef<HTMLFormElement>(null);
  const { execute, result, isPending } = useAction(createCannedResponse.bind(null, tenantId), { onSuccess: () => form.current?.reset() });
  return (
    <form
      ref={form}
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        execute(read(e.currentTarget));
      }}
    >
      <Fields idPrefix="new-canned" errors={result.validationErrors} />
      <FormError message={result.serverError} />
      <SubmitButton pending={isPending}>Add canned response</SubmitButton>
    </form>
  );
}

export function CannedResponseRow({ tenantId, item, canManage }: { tenantId: string; item: TCanned; canManage: boolean }) {
  const [editing, setEditing] = useState(false);
  const update = useAction(updateCannedResponse.bind(null, tenantId), { onSuccess: () => setEditing(false) });
  const remove = useAction(deleteCannedResponse.bind(null, tenantId));
  return (
    <li className="px-5 py-4">
      {editing ? (
        <form
          className="space-y-3"
          onSubmit={(e) => {
            e.preventDefault();
            update.execute({ cannedResponseId: item.id, ...read(e.currentTarget) });
          }}
        >
          <Fields idPrefix={`canned-${item.id}`} defaults={item} errors={update.result.validationErrors} />
          <FormError message={update.result.serverError} />
          <div className="flex gap-2">
            <SubmitButton pending={update.isPending}>Save</SubmitButton>
            <button type="button" onClick={() => setEditing(false)} className="rounded-lg px-4 py-2 font-medium text-slate-700 hover:bg-slate-100">
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <div className="flex items-start gap-4">
          <span className="mt-0.5 flex size-8 shrink-0 items-center justify-center rounded-lg bg-amber-50 text-amber-600">
            <BoltIcon />
          </span>
          <div className="min-w-0 flex-1">
            <p className="text-sm">
              <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-slate-800">/{item.shortcut}</code> <span className="ml-1 font-medium">{item.title}</span>
            </p>
            <p className="mt-1.5 whitespace-pre-wrap text-sm text-slate-600" dir="auto">
              {item.body}
            </p>
          </div>
          {canManage ? (
            <div className="flex shrink-0 gap-2">
              {remove.result.serverError ? (
                <span role="alert" className="text-sm text-red-700">
                  {remove.result.serverError}
                </span>
              ) : null}
              <button type="button" onClick={() => setEditing(true)} className="rounded-md border border-slate-200 px-3 py-1 text-sm hover:bg-slate-50" aria-label={`Edit /${item.shortcut}`}>
                Edit
              </button>
              <button
                type="button"
                disabled={remove.isPending}
                onClick={() => {
                  if (confirm(`Delete /${item.shortcut}?`)) remove.execute({ cannedResponseId: item.id });
                }}
                className="rounded-md border border-red-200 px-3 py-1 text-sm text-red-700 hover:bg-red-50"
                aria-label={`Delete /${item.shortcut}`}
              >
                Delete
              </button>
            </div>
          ) : null}
        </div>
      )}
    </li>
  );
}
