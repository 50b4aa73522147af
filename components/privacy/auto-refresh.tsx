"use client";

import { useEffect, useTransition } from "react";
import { useRouter } from "next/navigation";

/**
 * Re-renders the page while fulfilment runs, so per-store progress appears as
 * it happens. The next refresh is scheduled only once the previous one has
 * finished: a fixed interval shorter than a slow render would keep aborting
 * each refresh with the next and never show anything.
 */
export function AutoRefresh({ active, everyMs = 2000 }: { active: boolean; everyMs?: number }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  useEffect(() => {
    if (!active || pending) return;
    const t = setTimeout(() => startTransition(() => router.refresh()), everyMs);
    return () => clearTimeout(t);
  }, [active, pending, everyMs, router]);
  return null;
}
