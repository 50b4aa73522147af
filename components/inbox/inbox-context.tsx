"use client";

import { createContext, useContext } from "react";
import type { TRole } from "@/lib/auth/roles";
import type { TInboxBootstrap } from "@/lib/inbox/bootstrap";
import type { TLabelDto } from "@/lib/inbox/types";
import type { TInboxApi } from "./api";

export type TInboxMe = { id: string; name: string | null; email: string; role: TRole };

export type TInboxContext = {
  tenant: { id: string; slug: string; name: string };
  me: TInboxMe;
  /** Agents and above act; analysts read. */
  canAct: boolean;
  isAdmin: boolean;
  data: TInboxBootstrap;
  api: TInboxApi;
  addLabel: (label: TLabelDto) => void;
  /** Text for the polite live region (new messages, completed actions). */
  announce: (text: string) => void;
  contactPanelOpen: boolean;
  setContactPanelOpen: (open: boolean) => void;
};

export const InboxContext = createContext<TInboxContext | null>(null);

export function useInbox(): TInboxContext {
  const ctx = useContext(InboxContext);
  if (!ctx) throw new Error("useInbox outside <InboxApp>");
  return ctx;
}
