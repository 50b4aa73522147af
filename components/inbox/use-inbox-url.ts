"use client";

import { useCallback, useMemo } from "react";
import { useSearchParams } from "next/navigation";
import { parseInboxFilters, serializeInboxFilters, ZEntityId, type TInboxFilters } from "@/lib/inbox/filters";

/**
 * Filters and the open conversation live in the URL. Changes use the History
 * API directly (Next keeps useSearchParams in sync), so switching conversations
 * never round-trips to the server for the page.
 */
export function useInboxUrl() {
  const params = useSearchParams();
  const filters = useMemo(() => parseInboxFilters(params), [params]);
  const raw = params.get("c");
  const selectedId = raw && ZEntityId.safeParse(raw).success ? raw : null;

  const navigate = useCallback(
    (next: { filters?: TInboxFilters; selectedId?: string | null }, mode: "push" | "replace" = "push") => {
      const p = serializeInboxFilters(next.filters ?? filters);
      const sel = next.selectedId === undefined ? selectedId : next.selectedId;
      if (sel) p.set("c", sel);
      const qs = p.toString();
      const url = `${window.location.pathname}${qs ? `?${qs}` : ""}`;
      if (mode === "push") window.history.pushState(null, "", url);
      else window.history.replaceState(null, "", url);
    },
    [filters, selectedId],
  );

  const setFilters = useCallback((f: TInboxFilters) => navigate({ filters: f }, "push"), [navigate]);
  const select = useCallback((id: string | null) => navigate({ selectedId: id }, "push"), [navigate]);

  return { filters, selectedId, setFilters, select, navigate };
}
