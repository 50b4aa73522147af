"use client";

import { useId, useMemo, useRef, useState } from "react";
import clsx from "clsx";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { sendReply } from "@/lib/inbox/actions/send-reply";
import { renderCannedResponse } from "@/lib/inbox/actions/render-canned-response";
import { mentionToken, type TMention } from "@/lib/inbox/mentions";
import { MAX_MESSAGE_LENGTH } from "@/lib/inbox/schemas";
import { suggestionAt, type TComposerMode as TMode, type TSuggestion as TSuggest } from "@/lib/inbox/suggest";
import type { TChannelType, TConversationSummary, TMessageDto } from "@/lib/inbox/types";
import { runAction } from "./api";
import { useInbox } from "./inbox-context";
import { useRegisterCommands } from "./commands";
import { applyMessage, dropMessage } from "./live-cache";
import { inboxKeys } from "./query-keys";
import { ComposerAttachments, uploadFile, MAX_FILES, type TComposerFile } from "./composer-attachments";
import { BoltIcon, LockIcon, SendIcon } from "./icons";
import { Avatar, Kbd, Spinner } from "./ui";
import { personName } from "./format";


const OPT_TYPE: Partial<Record<TChannelType, TChannelType>> = { twilio_whatsapp: "whatsapp" };

export function Composer({ summary, registerFocus }: { summary: TConversationSummary; registerFocus?: boolean }) {
  const { tenant, me, canAct, data, api } = useInbox();
  const qc = useQueryClient();
  const [mode, setMode] = useState<TMode>("reply");
  const [text, setText] = useState("");
  const [mentions, setMentions] = useState<TMention[]>([]);
  const [suggest, setSuggest] = useState<TSuggest | null>(null);
  const [active, setActive] = useState(0);
  const [sending, setSending] = useState(false);
  const [expanding, setExpanding] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [files, setFiles] = useState<TComposerFile[]>([]);
  const uploading = files.some((f) => f.status === "uploading");
  const area = useRef<HTMLTextAreaElement>(null);
  const listId = useId();

  const contact = useQuery({ queryKey: inboxKeys.contact(summary.contact.id), queryFn: ({ signal }) => api.contact(summary.contact.id, signal) });
  const optType = OPT_TYPE[summary.channel.type] ?? summary.channel.type;
  const optedOut = contact.data?.optIns.some((o) => o.channelType === optType && o.status === "opted_out");
  const resolved = summary.status === "resolved";
  const replyBlocked = mode === "reply" && (resolved || !!optedOut);

  const focus = (m: TMode) => {
    setMode(m);
    requestAnimationFrame(() => area.current?.focus());
  };
  useRegisterCommands(registerFocus === false ? {} : { reply: () => focus("reply"), note: () => focus("note") });

  const options = useMemo(() => {
    if (!suggest) return [];
    const q = suggest.query.toLowerCase();
    if (suggest.kind === "canned") {
      return data.cannedResponses
        .filter((c) => c.shortcut.includes(q) || c.title.toLowerCase().includes(q))
        .slice(0, 8)
        .map((c) => ({ id: c.id, primary: `/${c.shortcut}`, secondary: c.title, detail: c.body }));
    }
    return data.members
      .filter((m) => personName(m).toLowerCase().includes(q) || m.email.toLowerCase().includes(q))
      .slice(0, 8)
      .map((m) => ({ id: m.id, primary: personName(m), secondary: m.email, detail: "" }));
  }, [suggest, data.cannedResponses, data.members]);

  const updateSuggest = (value: string, caret: number) => {
    const next = suggestionAt(value, caret, mode);
    if (next?.kind !== suggest?.kind || next?.query !== suggest?.query) setActive(0);
    setSuggest(next);
  };

  /**
   * Replaces the `/query` or `@query` token with `insert`. The canned text
   * arrives from the server a moment later, so the replacement is made on the
   * text as it is then: if the token moved or vanished, the text is appended.
   */
  const replaceToken = (insert: string, token: TSuggest) => {
    const marker = (token.kind === "canned" ? "/" : "@") + token.query;
    let caretAfter = 0;
    setText((current) => {
      if (current.slice(token.start, token.start + marker.length) === marker) {
        caretAfter = token.start + insert.length;
        return current.slice(0, token.start) + insert + current.slice(token.start + marker.length);
      }
      const joined = current && !/\s$/.test(current) ? `${current} ${insert}` : current + insert;
      caretAfter = joined.length;
      return joined;
    });
    setSuggest(null);
    requestAnimationFrame(() => {
      area.current?.focus();
      area.current?.setSelectionRange(caretAfter, caretAfter);
    });
  };

  const pick = async (index: number) => {
    const option = options[index];
    if (!option || !suggest) return;
    if (suggest.kind === "mention") {
      const member = data.members.find((m) => m.id === option.id)!;
      const mention = { userId: member.id, name: personName(member) };
      setMentions((prev) => [...prev.filter((m) => m.userId !== mention.userId), mention]);
      replaceToken(`${mentionToken(mention.name)} `, suggest);
      return;
    }
    const token = suggest;
    setSuggest(null);
    setExpanding(true);
    setError(null);
    try {
      const filled = await runAction(renderCannedResponse.bind(null, tenant.id)({ conversationId: summary.id, cannedResponseId: option.id }));
      replaceToken(filled.text, token);
      if (filled.missing.length) setError(`Some details were missing and left blank: ${filled.missing.join(", ")}. Check the text before sending.`);
    } catch (e) {
      setError(e instanceof Error ? e.message : "Could not insert the canned response.");
    } finally {
      setExpanding(false);
    }
  };

  const pickFiles = (picked: File[]) => {
    const room = (MAX_FILES[summary.channel.type] ?? 1) - files.length;
    const accepted = picked.slice(0, Math.max(0, room));
    if (accepted.length < picked.length) setError(`This channel takes ${MAX_FILES[summary.channel.type] ?? 1} file(s) per message; send the others separately.`);
    else setError(null);
    for (const file of accepted) {
      const key = crypto.randomUUID();
      setFiles((prev) => [...prev, { key, name: file.name, size: file.size, status: "uploading" }]);
      void uploadFile(tenant.slug, file).then((r) => {
        if (r.ok) {
          setFiles((prev) => prev.map((f) => (f.key === key ? { ...f, status: "ready", id: r.value.id, contentType: r.value.contentType, url: r.value.url, size: r.value.size } : f)));
        } else {
          setFiles((prev) => prev.filter((f) => f.key !== key));
          setError(`“${file.name}” was not attached: ${r.message}`);
        }
      });
    }
  };

  const send = async () => {
    const body = text.trim();
    const ready = mode === "note" ? [] : files.filter((f) => f.status === "ready" && f.id);
    if ((!body && !ready.length) || sending || replyBlocked || uploading) return;
    if (ready.length && body && (summary.channel.type === "messenger" || summary.channel.type === "instagram")) {
      setError("Messenger and Instagram attachments cannot carry text: send the text and the file as separate messages.");
      return;
    }
    const isPrivate = mode === "note";
    const clientMessageId = crypto.randomUUID().replace(/-/g, "");
    const kept = isPrivate ? mentions.filter((m) => body.includes(mentionToken(m.name))) : [];
    const temp: TMessageDto = {
      id: `temp-${clientMessageId}`,
      conversationId: summary.id,
      direction: "outbound",
      authorType: "agent",
      author: { id: me.id, name: personName(me) },
      kind: isPrivate ? "note" : ready.length && !body ? "media" : "text",
      text: body || null,
      html: null,
      payload: isPrivate ? { mentions: kept } : {},
      isPrivate,
      clientMessageId,
      status: isPrivate ? "received" : "queued",
      sentAt: null,
      deliveredAt: null,
      readAt: null,
      failedAt: null,
      errorCode: null,
      errorMessage: null,
      createdAt: new Date().toISOString(),
      attachments: ready.map((f) => ({ id: f.id!, fileName: f.name, contentType: f.contentType ?? "application/octet-stream", size: f.size, url: f.url ?? null })),
    };
    setSending(true);
    setError(null);
    applyMessage(qc, temp);
    setText("");
    setMentions([]);
    const sentFiles = files;
    if (!isPrivate) setFiles([]);
    try {
      const saved = await runAction(
        sendReply.bind(null, tenant.id)({ conversationId: summary.id, text: body, isPrivate, clientMessageId, mentions: kept.map((m) => m.userId), attachmentIds: ready.map((f) => f.id!) }),
      );
      applyMessage(qc, saved);
    } catch (e) {
      dropMessage(qc, summary.id, temp.id);
      setText((current) => current || body);
      setMentions(kept);
      if (!isPrivate) setFiles((current) => (current.length ? current : sentFiles));
      setError(e instanceof Error ? e.message : "The message was not sent. Try again.");
    } finally {
      setSending(false);
      area.current?.focus();
    }
  };

  if (!canAct) {
    return (
      <div className="border-t border-slate-200 bg-white px-5 py-4 text-sm text-slate-500">
        <LockIcon className="mr-1.5 inline size-4 align-[-3px]" />
        Analysts can read conversations but not reply. Ask an admin for the agent role to answer.
      </div>
    );
  }

  const open = !!suggest && options.length > 0;
  const hasFiles = mode === "reply" && files.some((f) => f.status === "ready");
  const remaining = MAX_MESSAGE_LENGTH - text.length;
  const placeholder =
    mode === "note"
      ? "Write a private note. Type @ to mention a teammate. Only your team sees this."
      : resolved
        ? "This conversation is resolved. Reopen it to reply, or write a private note."
        : "Write a reply. Type / for canned responses.";

  return (
    <div className="border-t border-slate-200 bg-white px-4 pb-3 pt-2">
      <div className="mb-2 flex items-center gap-1" role="group" aria-label="Message type">
        {(["reply", "note"] as const).map((m) => (
          <button
            key={m}
            type="button"
            aria-pressed={mode === m}
            onClick={() => focus(m)}
            className={clsx(
              "inline-flex items-center gap-1.5 rounded-md px-2.5 py-1 text-xs font-medium",
              mode === m ? (m === "note" ? "bg-amber-100 text-amber-900" : "bg-brand-50 text-brand-700") : "text-slate-600 hover:bg-slate-100",
            )}
          >
            {m === "note" ? <LockIcon className="size-3.5" /> : <SendIcon className="size-3.5" />}
            {m === "reply" ? "Reply" : "Private note"}
          </button>
        ))}
        <span className="ml-auto hidden items-center gap-1 text-[11px] text-slate-400 sm:flex">
          <Kbd>Enter</Kbd> send · <Kbd>Shift</Kbd>+<Kbd>Enter</Kbd> new line
        </span>
      </div>
      {mode === "reply" && optedOut ? (
        <p role="status" className="mb-2 rounded-md bg-amber-50 px-3 py-2 text-xs text-amber-900">
          This contact opted out of {optType === "email" ? "email" : "messages on this channel"}. Replies will not be sent; private notes still work.
        </p>
      ) : null}
      <div className={clsx("relative rounded-xl border shadow-xs focus-within:ring-2", mode === "note" ? "border-amber-300 bg-amber-50/60 focus-within:ring-amber-200" : "border-slate-300 bg-white focus-within:border-brand-500 focus-within:ring-brand-100")}>
        {open ? (
          <ul id={listId} role="listbox" aria-label={suggest!.kind === "canned" ? "Canned responses" : "Mention a teammate"} className="absolute bottom-full left-0 z-20 mb-2 max-h-64 w-full max-w-md overflow-y-auto rounded-xl border border-slate-200 bg-white p-1 shadow-xl">
            {options.map((o, i) => (
              <li
                key={o.id}
                id={`${listId}-${i}`}
                role="option"
                aria-selected={i === active}
                onMouseDown={(e) => {
                  e.preventDefault();
                  void pick(i);
                }}
                onMouseEnter={() => setActive(i)}
                className={clsx("flex cursor-pointer items-start gap-2 rounded-lg px-2.5 py-2", i === active ? "bg-brand-50" : "hover:bg-slate-50")}
              >
                {suggest!.kind === "mention" ? <Avatar id={o.id} name={o.primary} size="xs" className="mt-0.5" /> : <BoltIcon className="mt-0.5 size-4 shrink-0 text-amber-500" />}
                <span className="min-w-0">
                  <span className="block text-sm font-medium text-slate-800">
                    {o.primary} <span className="font-normal text-slate-500">{o.secondary}</span>
                  </span>
                  {o.detail ? <span className="line-clamp-1 text-xs text-slate-500">{o.detail}</span> : null}
                </span>
              </li>
            ))}
          </ul>
        ) : null}
        <label htmlFor={`composer-${summary.id}`} className="sr-only">
          {mode === "note" ? "Private note" : `Reply to ${summary.contact.name ?? "the contact"}`}
        </label>
        <textarea
          id={`composer-${summary.id}`}
          ref={area}
          value={text}
          rows={3}
          maxLength={MAX_MESSAGE_LENGTH}
          dir="auto"
          placeholder={placeholder}
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={open}
          aria-controls={open ? listId : undefined}
          aria-activedescendant={open ? `${listId}-${active}` : undefined}
          aria-describedby={error ? `composer-error-${summary.id}` : undefined}
          onChange={(e) => {
            setText(e.target.value);
            updateSuggest(e.target.value, e.target.selectionStart);
          }}
          onClick={(e) => updateSuggest(e.currentTarget.value, e.currentTarget.selectionStart)}
          onKeyDown={(e) => {
            if (open) {
              if (e.key === "ArrowDown" || e.key === "ArrowUp") {
                e.preventDefault();
                setActive((a) => (a + (e.key === "ArrowDown" ? 1 : options.length - 1)) % options.length);
                return;
              }
              if (e.key === "Enter" || e.key === "Tab") {
                e.preventDefault();
                void pick(active);
                return;
              }
              if (e.key === "Escape") {
                e.preventDefault();
                setSuggest(null);
                return;
              }
            }
            if (e.key === "Escape") {
              e.preventDefault();
              e.currentTarget.blur();
              return;
            }
            if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
              e.preventDefault();
              void send();
            }
          }}
          className="block max-h-60 min-h-20 w-full resize-y rounded-xl bg-transparent px-3.5 py-2.5 text-sm text-slate-900 placeholder:text-slate-400 focus:outline-none"
        />
        <div className="flex items-center gap-2 px-2 pb-2">
          <ComposerAttachments
            conversationId={summary.id}
            channelType={summary.channel.type}
            disabled={mode === "note"}
            files={mode === "note" ? [] : files}
            onPick={pickFiles}
            onRemove={(key) => setFiles((prev) => prev.filter((f) => f.key !== key))}
          />
          {expanding ? (
            <span className="flex items-center gap-1 text-xs text-slate-500">
              <Spinner className="size-3" /> Inserting…
            </span>
          ) : null}
          {remaining < 200 ? <span className={clsx("text-xs tabular-nums", remaining < 0 ? "text-red-700" : "text-slate-500")}>{remaining} characters left</span> : null}
          <button
            type="button"
            onClick={() => void send()}
            disabled={(!text.trim() && !hasFiles) || sending || replyBlocked || uploading}
            className={clsx(
              "ml-auto inline-flex h-8 items-center gap-1.5 rounded-lg px-3.5 text-sm font-medium text-white shadow-xs disabled:cursor-not-allowed disabled:opacity-50",
              mode === "note" ? "bg-amber-600 hover:bg-amber-700" : "bg-brand-600 hover:bg-brand-700",
            )}
          >
            {sending ? <Spinner className="size-3.5" /> : mode === "note" ? <LockIcon className="size-3.5" /> : <SendIcon className="size-3.5" />}
            {mode === "note" ? "Add note" : "Send"}
          </button>
        </div>
      </div>
      {error ? (
        <p id={`composer-error-${summary.id}`} role="alert" className="mt-2 text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
