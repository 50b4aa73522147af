"use client";

import { useState } from "react";
import clsx from "clsx";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { updateContact } from "@/lib/inbox/actions/update-contact";
import type { TContactDetail, TConversationSummary } from "@/lib/inbox/types";
import { runAction } from "./api";
import { useInbox } from "./inbox-context";
import { useInboxUrl } from "./use-inbox-url";
import { inboxKeys } from "./query-keys";
import { StatusPill } from "./conversation-header";
import { MergeContactDialog } from "./merge-contact-dialog";
import { AttributesEditor } from "./attributes-editor";
import { CHANNEL_LABELS, ChannelIcon, MergeIcon, PencilIcon, XIcon } from "./icons";
import { Avatar, Spinner } from "./ui";
import { contactName, formatDateTime, shortTimeAgo } from "./format";
import type { TConversationActions } from "./use-conversation-actions";

const IDENTITY_LABELS: Record<TContactDetail["identities"][number]["kind"], string> = {
  phone: "Phone",
  wa_id: "WhatsApp ID",
  bsuid: "Business user ID",
  psid: "Messenger PSID",
  igsid: "Instagram ID",
  email: "Email",
  visitor: "Visitor ID",
};

function seenLabel(iso: string): string {
  const ago = shortTimeAgo(iso);
  return ago === "now" ? "Seen just now" : /\d[mhd]$/.test(ago) ? `Seen ${ago} ago` : `Seen ${ago}`;
}

function Section({ title, children, action }: { title: string; children: React.ReactNode; action?: React.ReactNode }) {
  return (
    <section className="border-t border-slate-100 px-4 py-4 first:border-t-0">
      <div className="mb-2 flex items-center justify-between">
        <h3 className="text-[11px] font-semibold uppercase tracking-wider text-slate-500">{title}</h3>
        {action}
      </div>
      {children}
    </section>
  );
}

export function DetailsPanel({ summary, actions }: { summary: TConversationSummary; actions: TConversationActions }) {
  const { api, canAct, data, setContactPanelOpen } = useInbox();
  const { select } = useInboxUrl();
  const contact = useQuery({ queryKey: inboxKeys.contact(summary.contact.id), queryFn: ({ signal }) => api.contact(summary.contact.id, signal) });
  const [merging, setMerging] = useState(false);
  const c = contact.data;

  return (
    <aside
      id="conversation-details"
      aria-label="Contact and conversation details"
      className="absolute inset-y-0 right-0 z-20 flex w-80 shrink-0 flex-col border-l border-slate-200 bg-white shadow-2xl shadow-slate-900/10 min-[1800px]:static min-[1800px]:shadow-none"
    >
      <div className="flex items-center justify-between border-b border-slate-200 px-4 py-3">
        <h2 className="text-sm font-semibold">Details</h2>
        <button type="button" onClick={() => setContactPanelOpen(false)} className="rounded-md p-1 text-slate-500 hover:bg-slate-100" aria-label="Close details">
          <XIcon />
        </button>
      </div>
      <div className="min-h-0 flex-1 overflow-y-auto">
        {!c ? (
          <p className="flex items-center gap-2 p-4 text-sm text-slate-500">
            {contact.isError ? contact.error.message : <><Spinner /> Loading contact…</>}
          </p>
        ) : (
          <>
            <ContactHeader contact={c} />
            <Section title="Conversation">
              <dl className="space-y-2 text-sm">
                <div className="flex items-center justify-between gap-2">
                  <dt className="text-slate-500">
                    <label htmlFor="details-team">Team</label>
                  </dt>
                  <dd>
                    <select
                      id="details-team"
                      value={summary.team?.id ?? ""}
                      disabled={!canAct || !!actions.busy}
                      onChange={(e) => void actions.setTeam(e.target.value || null)}
                      className="h-8 max-w-40 rounded-md border border-slate-200 bg-white px-2 text-sm disabled:bg-slate-50"
                    >
                      <option value="">No team</option>
                      {data.teams.map((t) => (
                        <option key={t.id} value={t.id}>
                          {t.name}
                        </option>
                      ))}
                    </select>
                  </dd>
                </div>
                <div className="flex justify-between gap-2">
                  <dt className="text-slate-500">Started</dt>
                  <dd className="text-slate-800">{formatDateTime(summary.createdAt)}</dd>
                </div>
                <div className="flex justify-between gap-2">
                  <dt className="text-slate-500">Reference</dt>
                  <dd className="truncate font-mono text-xs text-slate-700">{summary.id}</dd>
                </div>
              </dl>
            </Section>
            <Section title="Identities">
              <ul className="space-y-2 text-sm">
                {c.identities.map((i) => (
                  <li key={i.id}>
                    <p className="text-xs text-slate-500">
                      {IDENTITY_LABELS[i.kind]}
                      {i.channelName ? ` · ${i.channelName}` : ""}
                    </p>
                    <p className="break-all font-mono text-[13px] text-slate-800">{i.value}</p>
                  </li>
                ))}
                {!c.identities.length ? <li className="text-slate-500">No identities recorded.</li> : null}
              </ul>
            </Section>
            <Section title="Consent">
              {c.optIns.length ? (
                <ul className="space-y-1.5 text-sm">
                  {c.optIns.map((o) => (
                    <li key={o.channelType} className="flex items-center justify-between gap-2">
                      <span className="flex items-center gap-1.5 text-slate-700">
                        <ChannelIcon type={o.channelType} className="size-3.5 text-slate-400" /> {CHANNEL_LABELS[o.channelType]}
                      </span>
                      <span
                        title={`${o.source} · ${formatDateTime(o.changedAt)}`}
                        className={clsx(
                          "rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset",
                          o.status === "opted_in" ? "bg-emerald-50 text-emerald-700 ring-emerald-600/20" : "bg-red-50 text-red-700 ring-red-600/20",
                        )}
                      >
                        {o.status === "opted_in" ? "Opted in" : "Opted out"}
                      </span>
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="text-sm text-slate-500">No opt-in or opt-out recorded.</p>
              )}
              {c.restricted || c.noProfiling ? (
                <p className="mt-2 rounded-md bg-amber-50 px-2.5 py-1.5 text-xs text-amber-900">
                  {c.restricted ? "Processing restricted at the contact's request. " : ""}
                  {c.noProfiling ? "Objected to profiling." : ""}
                </p>
              ) : null}
            </Section>
            <AttributesEditor contact={c} />
            <Section title={`Conversations (${c.conversations.length})`}>
              <ul className="-mx-2 space-y-0.5">
                {c.conversations.map((cv) => (
                  <li key={cv.id}>
                    <button
                      type="button"
                      onClick={() => select(cv.id)}
                      aria-current={cv.id === summary.id ? "true" : undefined}
                      className={clsx("w-full rounded-md px-2 py-1.5 text-left hover:bg-slate-50", cv.id === summary.id && "bg-slate-50")}
                    >
                      <span className="flex items-center gap-1.5 text-xs text-slate-500">
                        <ChannelIcon type={cv.channelType} className="size-3.5" />
                        <span className="flex-1 truncate">{cv.channelName}</span>
                        <StatusPill status={cv.status} />
                        <time dateTime={cv.lastActivityAt}>{shortTimeAgo(cv.lastActivityAt)}</time>
                      </span>
                      <span className="mt-0.5 line-clamp-1 text-sm text-slate-700" dir="auto">
                        {cv.preview ?? "No messages"}
                      </span>
                    </button>
                  </li>
                ))}
              </ul>
            </Section>
            {canAct ? (
              <Section title="Duplicates">
                <button type="button" onClick={() => setMerging(true)} className="inline-flex items-center gap-1.5 rounded-md border border-slate-200 px-2.5 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50">
                  <MergeIcon /> Merge another contact into this one
                </button>
                {c.mergedFrom ? <p className="mt-2 text-xs text-slate-500">{c.mergedFrom} contact{c.mergedFrom === 1 ? " was" : "s were"} merged into this one.</p> : null}
              </Section>
            ) : null}
            {merging ? <MergeContactDialog survivor={c} onClose={() => setMerging(false)} /> : null}
          </>
        )}
      </div>
    </aside>
  );
}

function ContactHeader({ contact }: { contact: TContactDetail }) {
  const { tenant, canAct } = useInbox();
  const qc = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(contact.name ?? "");
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      const updated = await runAction(updateContact.bind(null, tenant.id)({ contactId: contact.id, name: name.trim() || null }));
      qc.setQueryData(inboxKeys.contact(contact.id), updated);
      void qc.invalidateQueries({ queryKey: inboxKeys.lists() });
      void qc.invalidateQueries({ queryKey: inboxKeys.conversations() });
      setEditing(false);
    } catch (e) {
      setError(e instanceof Error ? e.message : "Could not save.");
    } finally {
      setSaving(false);
    }
  };
  return (
    <section className="px-4 py-4">
      <div className="flex items-start gap-3">
        <Avatar id={contact.id} name={contactName(contact)} size="lg" />
        <div className="min-w-0 flex-1">
          {editing ? (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                void save();
              }}
            >
              <label htmlFor="contact-name" className="sr-only">
                Contact name
              </label>
              <input id="contact-name" autoFocus value={name} maxLength={120} onChange={(e) => setName(e.target.value)} className="h-8 w-full rounded-md border border-slate-300 px-2 text-sm" />
              <div className="mt-1.5 flex gap-1.5">
                <button type="submit" disabled={saving} className="rounded-md bg-brand-600 px-2.5 py-1 text-xs font-medium text-white hover:bg-brand-700">
                  Save
                </button>
                <button type="button" onClick={() => setEditing(false)} className="rounded-md px-2.5 py-1 text-xs font-medium text-slate-600 hover:bg-slate-100">
                  Cancel
                </button>
              </div>
              {error ? (
                <p role="alert" className="mt-1 text-xs text-red-700">
                  {error}
                </p>
              ) : null}
            </form>
          ) : (
            <div className="flex items-center gap-1">
              <p className="truncate text-base font-semibold text-slate-900" dir="auto">
                {contactName(contact)}
              </p>
              {canAct ? (
                <button type="button" onClick={() => setEditing(true)} className="rounded p-1 text-slate-400 hover:bg-slate-100 hover:text-slate-700" aria-label="Edit contact name">
                  <PencilIcon className="size-3.5" />
                </button>
              ) : null}
            </div>
          )}
          {contact.email ? <p className="truncate text-sm text-slate-600">{contact.email}</p> : null}
          {contact.phone ? <p className="text-sm text-slate-600">{contact.phone}</p> : null}
          <p className="mt-0.5 text-xs text-slate-500">
            {contact.locale ? `Language ${contact.locale.toUpperCase()} · ` : ""}
            {contact.lastSeenAt ? seenLabel(contact.lastSeenAt) : `Since ${new Date(contact.createdAt).toLocaleDateString()}`}
          </p>
        </div>
      </div>
    </section>
  );
}
