"use client";

import { useCallback, useEffect, useId, useRef, useState, type ReactNode } from "react";
import clsx from "clsx";
import { initials } from "./format";

/** Small UI pieces shared by the inbox: avatars, popovers, menus, buttons. */
const AVATAR_COLORS = ["bg-sky-100 text-sky-800", "bg-emerald-100 text-emerald-800", "bg-amber-100 text-amber-800", "bg-rose-100 text-rose-800", "bg-violet-100 text-violet-800", "bg-teal-100 text-teal-800", "bg-orange-100 text-orange-800", "bg-indigo-100 text-indigo-800"];

function hash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) | 0;
  return Math.abs(h);
}

export function Avatar({ id, name, size = "md", className }: { id: string; name: string | null | undefined; size?: "xs" | "sm" | "md" | "lg"; className?: string }) {
  const sizes = { xs: "size-5 text-[10px]", sm: "size-7 text-xs", md: "size-9 text-sm", lg: "size-12 text-base" };
  return (
    <span aria-hidden="true" className={clsx("inline-flex shrink-0 select-none items-center justify-center rounded-full font-semibold", sizes[size], AVATAR_COLORS[hash(id) % AVATAR_COLORS.length], className)}>
      {initials(name)}
    </span>
  );
}

export function Spinner({ className }: { className?: string }) {
  return <span aria-hidden="true" className={clsx("inline-block size-4 animate-spin rounded-full border-2 border-current border-r-transparent", className)} />;
}

export function Kbd({ children }: { children: ReactNode }) {
  return <kbd className="inline-flex min-w-5 items-center justify-center rounded border border-slate-300 bg-white px-1 font-mono text-[11px] text-slate-600 shadow-[0_1px_0_rgb(203_213_225)]">{children}</kbd>;
}

export const toolbarButton =
  "inline-flex h-8 items-center gap-1.5 rounded-md border border-slate-200 bg-white px-2.5 text-sm font-medium text-slate-700 shadow-xs hover:bg-slate-50 disabled:cursor-not-allowed disabled:opacity-50";

/**
 * A button that opens a panel. Escape and clicks outside close it and focus
 * returns to the button; the first focusable element in the panel gets focus.
 * `open`/`onOpenChange` let keyboard shortcuts open it.
 */
export function Popover({
  label,
  trigger,
  children,
  align = "left",
  open: controlledOpen,
  onOpenChange,
  role = "dialog",
  panelClassName,
  disabled,
}: {
  label: string;
  trigger: (p: { open: boolean }) => ReactNode;
  children: (close: () => void) => ReactNode;
  align?: "left" | "right";
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
  role?: "dialog" | "menu" | "listbox";
  panelClassName?: string;
  disabled?: boolean;
}) {
  const [uncontrolled, setUncontrolled] = useState(false);
  const open = controlledOpen ?? uncontrolled;
  const setOpen = useCallback(
    (v: boolean) => {
      setUncontrolled(v);
      onOpenChange?.(v);
    },
    [onOpenChange],
  );
  const wrapper = useRef<HTMLDivElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const id = useId();
  const buttonId = `${id}-button`;

  const close = useCallback(() => {
    setOpen(false);
    document.getElementById(buttonId)?.focus();
  }, [setOpen, buttonId]);

  useEffect(() => {
    if (!open) return;
    const first = panel.current?.querySelector<HTMLElement>("[data-autofocus], input, [role=menuitem], [role=menuitemradio], [role=menuitemcheckbox], button, select, textarea");
    first?.focus();
    const onDown = (e: MouseEvent) => {
      if (!wrapper.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", onDown);
    return () => document.removeEventListener("mousedown", onDown);
  }, [open, setOpen]);

  return (
    <div ref={wrapper} className="relative">
      <button
        id={buttonId}
        type="button"
        disabled={disabled}
        aria-haspopup={role}
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        onClick={() => setOpen(!open)}
        className={toolbarButton}
      >
        {trigger({ open })}
      </button>
      {open ? (
        <div
          ref={panel}
          id={id}
          role={role === "dialog" ? "dialog" : undefined}
          aria-label={label}
          onKeyDown={(e) => {
            if (e.key === "Escape") {
              e.stopPropagation();
              close();
            }
          }}
          className={clsx(
            "absolute z-30 mt-1.5 min-w-56 rounded-xl border border-slate-200 bg-white p-1.5 text-sm shadow-xl shadow-slate-900/10",
            align === "right" ? "right-0" : "left-0",
            panelClassName,
          )}
        >
          {children(close)}
        </div>
      ) : null}
    </div>
  );
}

/** Arrow-key navigation between the menu items inside a container. */
export function MenuList({ label, children, className }: { label: string; children: ReactNode; className?: string }) {
  return (
    <div
      role="menu"
      aria-label={label}
      className={clsx("max-h-72 overflow-y-auto", className)}
      onKeyDown={(e) => {
        const items = [...e.currentTarget.querySelectorAll<HTMLElement>("[role^=menuitem]:not([aria-disabled=true])")];
        const i = items.indexOf(document.activeElement as HTMLElement);
        let next: HTMLElement | undefined;
        if (e.key === "ArrowDown") next = items[(i + 1) % items.length];
        else if (e.key === "ArrowUp") next = items[(i - 1 + items.length) % items.length];
        else if (e.key === "Home") next = items[0];
        else if (e.key === "End") next = items[items.length - 1];
        if (next) {
          e.preventDefault();
          next.focus();
        }
      }}
    >
      {children}
    </div>
  );
}

export function MenuItem({
  children,
  onSelect,
  checked,
  role = checked === undefined ? "menuitem" : "menuitemradio",
  disabled,
  className,
}: {
  children: ReactNode;
  onSelect: () => void;
  checked?: boolean;
  role?: "menuitem" | "menuitemradio" | "menuitemcheckbox";
  disabled?: boolean;
  className?: string;
}) {
  return (
    <button
      type="button"
      role={role}
      aria-checked={role === "menuitem" ? undefined : !!checked}
      aria-disabled={disabled || undefined}
      tabIndex={-1}
      onClick={() => !disabled && onSelect()}
      className={clsx(
        "flex w-full items-center gap-2 rounded-md px-2 py-1.5 text-left text-slate-700 outline-none hover:bg-slate-100 focus:bg-slate-100 aria-disabled:opacity-50",
        checked && "font-medium text-slate-900",
        className,
      )}
    >
      {children}
    </button>
  );
}

export function MenuSeparator() {
  return <div role="separator" className="my-1 border-t border-slate-100" />;
}

export function LabelDot({ color, className }: { color: string; className?: string }) {
  return <span aria-hidden="true" className={clsx("inline-block size-2 shrink-0 rounded-full", className)} style={{ backgroundColor: color }} />;
}

export function LabelChip({ name, color }: { name: string; color: string }) {
  return (
    <span className="inline-flex max-w-full items-center gap-1 truncate rounded-full border border-slate-200 bg-white px-1.5 py-px text-[11px] font-medium text-slate-700">
      <LabelDot color={color} />
      <span className="truncate">{name}</span>
    </span>
  );
}
