import "server-only";
import { z } from "zod";
import { db } from "@/lib/db/client";
import { env, isProduction } from "@/lib/env";

/** The outbox exists only where no real transport is configured, and never in production. */
export function devMailboxEnabled(): boolean {
  return !isProduction() && !env.RESEND_API_KEY;
}

const ZTo = z.string().trim().toLowerCase().max(254).optional();

export async function listDevEmails(to?: string) {
  if (!devMailboxEnabled()) return [];
  const filter = ZTo.safeParse(to);
  return db().devEmail.findMany({
    where: filter.success && filter.data ? { to: filter.data } : undefined,
    orderBy: { createdAt: "desc" },
    take: 50,
  });
}
