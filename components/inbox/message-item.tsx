"use client";

import { useState } from "react";
import clsx from "clsx";
import type { TMessageDto } from "@/lib/inbox/types";
import { DeliveryStatus } from "./delivery-status";
import { Linkified, WithMentions } from "./rich-text";
import { AlertIcon, FileIcon, ImageIcon, LockIcon, MailIcon, MapPinIcon } from "./icons";
import { formatBytes, formatDateTime, formatTime } from "./format";
import { Avatar } from "./ui";

/** One entry of the thread: a contact's message, a reply, a private note or a system line. */
const str = (v: unknown) => (typeof v === "string" ? v : null);
const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : null);

type TUnavailable = { index: number; reason: string };

/** Inbound files that could not be fetched from the provider (payload.mediaFetch, written by fetch-inbound-media). */
function unavailableMedia(payload: Record<string, unknown>): TUnavailable[] {
  const fetch = payload.mediaFetch;
  if (!fetch || typeof fetch !== "object") return [];
  const items = (fetch as { items?: unknown }).items;
  if (!Array.isArray(items)) return [];
  return items.flatMap((i: { index?: unknown; status?: unknown; reason?: unknown }) =>
    i && i.status === "failed" ? [{ index: typeof i.index === "number" ? i.index : 0, reason: typeof i.reason === "string" ? i.reason : "The file could not be downloaded." }] : [],
  );
}

/**
 * Images inline (through their signed URL), other files as download links, unavailable inbound files with the reason.
 * `hideInline`: an email shown formatted already shows its cid: images in the body, so they are not listed twice.
 */
function Attachments({ message, hideInline = false }: { message: TMessageDto; hideInline?: boolean }) {
  const unavailable = message.direction === "inbound" ? unavailableMedia(message.payload) : [];
  const pending = message.direction === "inbound" && message.kind === "media" && !message.attachments.length && !message.payload.mediaFetch;
  const listed = hideInline ? message.attachments.filter((a) => !a.inline) : message.attachments;
  if (!listed.length && !unavailable.length && !pending) return null;
  return (
    <ul aria-label="Attachments" className="mt-1.5 space-y-1">
      {listed.map((a) => {
        const image = a.url && /^image\/(png|jpeg|gif|webp|avif)$/.test(a.contentType);
        return (
          <li key={a.id} className="rounded-lg border border-slate-200 bg-white/90 text-slate-700">
            {image ? (
              <a href={a.url!} target="_blank" rel="noopener noreferrer" className="block p-1">
                {/* eslint-disable-next-line @next/next/no-img-element -- a signed, expiring URL: next/image would proxy and cache it past its expiry */}
                <img src={a.url!} alt={a.fileName} loading="lazy" className="max-h-64 max-w-full rounded-md object-contain" />
              </a>
            ) : null}
            <span className="flex items-center gap-2 px-2.5 py-2">
              <span className="flex size-8 shrink-0 items-center justify-center rounded-md bg-slate-100 text-slate-500">
                {a.contentType.startsWith("image/") ? <ImageIcon /> : <FileIcon />}
              </span>
              <span className="min-w-0">
                {a.url ? (
                  <a href={a.url} download={a.fileName} className="block truncate text-sm font-medium text-brand-700 hover:underline">
                    {a.fileName}
                  </a>
                ) : (
                  <span className="block truncate text-sm font-medium">{a.fileName}</span>
                )}
                <span className="block text-xs text-slate-500">
                  {a.contentType} · {formatBytes(a.size)}
                </span>
              </span>
            </span>
          </li>
        );
      })}
      {unavailable.map((u) => (
        <li key={`unavailable-${u.index}`} className="flex items-start gap-2 rounded-lg border border-dashed border-slate-300 bg-white/90 px-2.5 py-2 text-slate-700">
          <AlertIcon className="mt-0.5 shrink-0 text-amber-600" />
          <span className="min-w-0 text-xs">
            <span className="block text-sm font-medium">Attachment unavailable</span>
            {u.reason}
          </span>
        </li>
      ))}
      {pending ? <li className="px-1 text-xs text-slate-500">Fetching the attachment…</li> : null}
    </ul>
  );
}

// Placeholders for inline images that cannot be shown yet or at all (lib/email-channel/inline-images.ts): a dashed box with the alt text, not a broken image.
const EMAIL_FRAME_CSS =
  'body{font:14px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#0f172a;margin:14px;overflow-wrap:anywhere}img{max-width:100%;height:auto}table{max-width:100%}a{color:#2c45b8}' +
  "span[data-inline-image]{display:inline-block;max-width:100%;margin:2px 0;padding:6px 10px;border:1px dashed #94a3b8;border-radius:6px;background:#f8fafc;color:#475569;font-size:12px;line-height:1.4}" +
  'span[data-inline-image="pending"]{border-style:dotted}';

/** Email bodies: the HTML ingest sanitised, and even so only inside an iframe with every sandbox restriction. */
function EmailBody({ message, plain, setPlain }: { message: TMessageDto; plain: boolean; setPlain: (plain: boolean) => void }) {
  const [tall, setTall] = useState(false);
  const subject = str(message.payload.subject);
  const from = str(message.payload.from);
  const doc = `<!doctype html><html><head><meta charset="utf-8"><base target="_blank"><style>${EMAIL_FRAME_CSS}</style></head><body>${message.html ?? ""}</body></html>`;
  return (
    <div className="overflow-hidden rounded-xl border border-slate-200 bg-white shadow-xs">
      <div className="flex items-center gap-2 border-b border-slate-100 bg-slate-50/80 px-3 py-2 text-xs text-slate-600">
        <MailIcon className="size-3.5 shrink-0" />
        <span className="min-w-0 flex-1 truncate">
          {subject ? <span className="font-medium text-slate-800" dir="auto">{subject}</span> : "Email"}
          {from ? <span> · {from}</span> : null}
        </span>
        {message.html ? (
          <button type="button" onClick={() => setPlain(!plain)} className="shrink-0 rounded px-1.5 py-0.5 font-medium text-brand-700 hover:bg-brand-50">
            {plain ? "Show formatted" : "Show plain text"}
          </button>
        ) : null}
      </div>
      {plain ? (
        <p dir="auto" className="whitespace-pre-wrap break-words px-3.5 py-3 text-sm text-slate-800">
          <Linkified text={message.text ?? ""} />
        </p>
      ) : (
        <>
          <iframe
            sandbox=""
            srcDoc={doc}
            title={subject ? `Email: ${subject}` : "Email message"}
            referrerPolicy="no-referrer"
            loading="lazy"
            className={clsx("block w-full bg-white", tall ? "h-[32rem]" : "h-52")}
          />
          <div className="flex justify-end border-t border-slate-100 px-2 py-1">
            <button type="button" onClick={() => setTall(!tall)} className="rounded px-1.5 py-0.5 text-xs font-medium text-slate-600 hover:bg-slate-100">
              {tall ? "Collapse" : "Expand"}
            </button>
          </div>
        </>
      )}
    </div>
  );
}

function Email({ message }: { message: TMessageDto }) {
  const [plain, setPlain] = useState(!message.html);
  return (
    <>
      <EmailBody message={message} plain={plain} setPlain={setPlain} />
      <Attachments message={message} hideInline={!plain} />
    </>
  );
}

function Body({ message, outgoing }: { message: TMessageDto; outgoing: boolean }) {
  const p = message.payload;
  switch (message.kind) {
    case "email":
      return <Email message={message} />;
    case "location": {
      const lat = num(p.latitude);
      const lng = num(p.longitude);
      return (
        <div className="rounded-2xl border border-slate-200 bg-white px-3.5 py-2.5 text-sm shadow-xs">
          <p className="flex items-center gap-1.5 font-medium text-slate-800">
            <MapPinIcon className="text-rose-500" /> {str(p.name) ?? "Shared location"}
          </p>
          {str(p.address) ? <p className="mt-0.5 text-slate-600">{str(p.address)}</p> : null}
          {lat !== null && lng !== null ? (
            <a
              href={`https://www.openstreetmap.org/?mlat=${lat}&mlon=${lng}#map=16/${lat}/${lng}`}
              target="_blank"
              rel="noopener noreferrer nofollow"
              className="mt-1 inline-block text-xs font-medium text-brand-700 hover:underline"
            >
              {lat.toFixed(5)}, {lng.toFixed(5)} · Open map
            </a>
          ) : null}
        </div>
      );
    }
    case "unsupported":
      return (
        <div className="rounded-2xl border border-dashed border-slate-300 bg-white px-3.5 py-2.5 text-sm">
          <p className="flex items-center gap-1.5 font-medium text-slate-700">
            <AlertIcon className="text-slate-400" /> Unsupported message type
          </p>
          <p className="mt-0.5 text-xs text-slate-500">{str(p.reason) ?? `The contact sent a “${str(p.type) ?? "unknown"}” message, which Sotto can't show yet.`}</p>
          <details className="mt-1.5 text-xs">
            <summary className="cursor-pointer font-medium text-slate-600 hover:text-slate-900">Details</summary>
            <pre className="mt-1 max-h-48 overflow-auto rounded-md bg-slate-50 p-2 font-mono text-[11px] text-slate-700">{JSON.stringify(p, null, 2)}</pre>
          </details>
        </div>
      );
    case "reaction":
      return (
        <p className="text-sm text-slate-600">
          Reacted <span className="text-lg">{str(p.emoji) ?? "👍"}</span>
        </p>
      );
    default: {
      const caption = message.kind === "media" ? (message.text ?? str(p.caption)) : message.text;
      const bubble = message.isPrivate
        ? "border border-amber-200 bg-amber-50 text-slate-900"
        : outgoing
          ? "bg-brand-600 text-white"
          : "border border-slate-200 bg-white text-slate-900 shadow-xs";
      return (
        <div className={clsx("inline-block max-w-full rounded-2xl px-3.5 py-2 text-left text-sm leading-relaxed", bubble, outgoing ? "rounded-br-md" : "rounded-bl-md")}>
          {message.isPrivate ? (
            <p className="mb-0.5 flex items-center gap-1 text-[11px] font-semibold uppercase tracking-wide text-amber-700">
              <LockIcon className="size-3" /> Private note
            </p>
          ) : null}
          {message.kind === "template" ? <p className={clsx("mb-0.5 text-[11px] font-semibold uppercase tracking-wide", outgoing ? "text-white/70" : "text-slate-500")}>Template {str(p.template) ? `· ${str(p.template)}` : ""}</p> : null}
          {message.kind === "interactive" ? <p className="mb-0.5 text-[11px] font-semibold uppercase tracking-wide text-slate-500">Button reply</p> : null}
          {caption ? (
            <p dir="auto" className="whitespace-pre-wrap break-words">
              {message.isPrivate ? <WithMentions text={caption} payload={p} /> : <Linkified text={caption} />}
            </p>
          ) : message.kind === "media" ? null : (
            <p className="italic opacity-70">(empty message)</p>
          )}
          <Attachments message={message} />
        </div>
      );
    }
  }
}

export function MessageItem({ message, contactName, continued = false }: { message: TMessageDto; contactName: string; continued?: boolean }) {
  if (message.authorType === "system") {
    return (
      <li className="flex justify-center px-6 py-1">
        <p className="max-w-lg rounded-full bg-slate-100 px-3 py-1 text-center text-xs text-slate-600" dir="auto">
          {message.text}
          <time dateTime={message.createdAt} title={formatDateTime(message.createdAt)} className="ml-1.5 text-slate-400">
            {formatTime(message.createdAt)}
          </time>
        </p>
      </li>
    );
  }
  const outgoing = message.direction === "outbound";
  const author = message.authorType === "contact" ? contactName : (message.author.name ?? (message.authorType === "bot" ? "Bot" : "Agent"));
  const wide = message.kind === "email";
  return (
    <li className={clsx("flex gap-2.5 px-5", continued ? "pt-0.5" : "pt-3", outgoing && "flex-row-reverse")} data-message-id={message.id}>
      {continued ? <span className="w-7 shrink-0" aria-hidden="true" /> : <Avatar id={message.author.id ?? message.id} name={author} size="sm" className="mt-5" />}
      <div className={clsx("flex min-w-0 flex-col", wide ? "w-full max-w-2xl" : "max-w-[min(36rem,80%)]", outgoing ? "items-end" : "items-start")}>
        <p className={clsx("mb-1 flex items-center gap-1.5 text-xs text-slate-500", outgoing && "flex-row-reverse", continued && "sr-only")}>
          <span className="font-medium text-slate-700" dir="auto">
            {author}
          </span>
          <time dateTime={message.createdAt} title={formatDateTime(message.createdAt)}>
            {formatTime(message.createdAt)}
          </time>
        </p>
        <div className={clsx("max-w-full", wide && "w-full")}>
          <Body message={message} outgoing={outgoing} />
        </div>
        {outgoing && !message.isPrivate ? (
          <div className="mt-1 flex h-4 items-center">
            <DeliveryStatus message={message} />
          </div>
        ) : null}
      </div>
    </li>
  );
}
