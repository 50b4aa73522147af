"use client";

import { useId, useRef } from "react";
import clsx from "clsx";
import type { TChannelType } from "@/lib/inbox/types";
import { formatBytes } from "./format";
import { FileIcon, PaperclipIcon, XIcon } from "./icons";
import { Spinner } from "./ui";

/**
 * The composer's file picker. Each file is uploaded at once (POST
 * /api/attachments, raw body, lib/storage/upload.ts); the server sniffs its
 * type, enforces the size limit and answers with the stored attachment, whose
 * id the reply then carries. A refused file (too large, type not allowed)
 * shows the server's reason and is not kept.
 */
export type TComposerFile = {
  key: string;
  name: string;
  size: number;
  status: "uploading" | "ready";
  id?: string;
  contentType?: string;
  url?: string;
};

/** Chat providers take one file per message (WhatsApp, Messenger, Instagram); MMS and email take several. */
export const MAX_FILES: Record<TChannelType, number> = { whatsapp: 1, messenger: 1, instagram: 1, twilio_whatsapp: 1, twilio_sms: 10, email: 10, widget: 10 };

type TUploaded = { id: string; fileName: string; contentType: string; size: number; url: string };
type TUploadAnswer = TUploaded | { error: string; message?: string };

export async function uploadFile(slug: string, file: File): Promise<{ ok: true; value: TUploaded } | { ok: false; message: string }> {
  let res: Response;
  try {
    res = await fetch(`/api/attachments?tenant=${encodeURIComponent(slug)}&name=${encodeURIComponent(file.name)}`, {
      method: "POST",
      body: file,
      headers: { "Content-Type": "application/octet-stream" },
    });
  } catch {
    return { ok: false, message: "Could not reach the server. Check your connection and try again." };
  }
  const body = (await res.json().catch(() => null)) as TUploadAnswer | null;
  if (res.ok && body && "id" in body) return { ok: true, value: body };
  if (res.status === 413) return { ok: false, message: body && "message" in body && body.message ? body.message : "The file is too large to attach." };
  if (res.status === 429) return { ok: false, message: "Too many uploads at once. Wait a minute and try again." };
  return { ok: false, message: body && "message" in body && body.message ? body.message : "The file could not be uploaded. Try again." };
}

export function ComposerAttachments({
  channelType,
  disabled,
  files,
  onPick,
  onRemove,
}: {
  conversationId: string;
  channelType: TChannelType;
  disabled?: boolean;
  files: TComposerFile[];
  onPick: (files: File[]) => void;
  onRemove: (key: string) => void;
}) {
  const input = useRef<HTMLInputElement>(null);
  const inputId = useId();
  const max = MAX_FILES[channelType] ?? 1;
  const full = files.length >= max;
  return (
    <div className="flex min-w-0 flex-wrap items-center gap-1.5">
      <input
        ref={input}
        id={inputId}
        type="file"
        multiple={max > 1}
        className="sr-only"
        aria-label="Attach files"
        disabled={disabled || full}
        onChange={(e) => {
          const picked = Array.from(e.currentTarget.files ?? []);
          e.currentTarget.value = "";
          if (picked.length) onPick(picked);
        }}
      />
      <button
        type="button"
        onClick={() => input.current?.click()}
        disabled={disabled || full}
        title={disabled ? "Private notes cannot carry attachments" : full ? `This channel takes ${max} file${max === 1 ? "" : "s"} per message` : "Attach a file"}
        className="inline-flex size-8 items-center justify-center rounded-lg text-slate-500 hover:bg-slate-100 hover:text-slate-700 disabled:cursor-not-allowed disabled:opacity-40"
      >
        <PaperclipIcon className="size-4" />
        <span className="sr-only">Attach a file</span>
      </button>
      {files.length ? (
        <ul aria-label="Files to send" className="flex min-w-0 flex-wrap gap-1.5">
          {files.map((f) => (
            <li key={f.key} className={clsx("flex max-w-56 items-center gap-1.5 rounded-md border px-2 py-1 text-xs", f.status === "ready" ? "border-slate-200 bg-slate-50" : "border-slate-200 bg-white text-slate-500")}>
              {f.status === "uploading" ? <Spinner className="size-3" /> : <FileIcon className="size-3.5 shrink-0 text-slate-500" />}
              <span className="truncate font-medium text-slate-700">{f.name}</span>
              <span className="shrink-0 text-slate-500">{formatBytes(f.size)}</span>
              <button type="button" onClick={() => onRemove(f.key)} className="shrink-0 rounded p-0.5 text-slate-400 hover:bg-slate-200 hover:text-slate-700" aria-label={`Remove ${f.name}`}>
                <XIcon className="size-3" />
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
