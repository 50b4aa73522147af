"use client";

import { useCallback, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import type { TConversationChange } from "@/lib/inbox/conversations";
import type { TConversationSummary, TPriority } from "@/lib/inbox/types";
import { assignConversation } from "@/lib/inbox/actions/assign-conversation";
import { setConversationTeam } from "@/lib/inbox/actions/set-conversation-team";
import { setConversationPriority } from "@/lib/inbox/actions/set-conversation-priority";
import { snoozeConversation } from "@/lib/inbox/actions/snooze-conversation";
import { resolveConversation } from "@/lib/inbox/actions/resolve-conversation";
import { reopenConversation } from "@/lib/inbox/actions/reopen-conversation";
import { setConversationLabels } from "@/lib/inbox/actions/set-conversation-labels";
import { runAction } from "./api";
import { useInbox } from "./inbox-context";
import { applyMessage, applySummary, refreshCountsSoon } from "./live-cache";
import { formatUntil, personName } from "./format";

/**
 * The conversation's actions, applied optimistically: the list and header move
 * at once, the server's summary replaces the guess, and a refusal puts the
 * previous state back with the reason.
 */
export function useConversationActions(summary: TConversationSummary | undefined) {
  const { tenant, me, data, announce } = useInbox();
  const qc = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const run = useCallback(
    async (name: string, optimistic: Partial<TConversationSummary>, call: () => Promise<TConversationChange>, done?: string) => {
      if (!summary) return;
      const before = summary;
      setError(null);
      setBusy(name);
      applySummary(qc, { ...summary, ...optimistic }, me.id);
      try {
        const after = await call();
        applySummary(qc, after.summary, me.id);
        if (after.activity) applyMessage(qc, after.activity);
        refreshCountsSoon(qc);
        if (done) announce(done);
      } catch (e) {
        applySummary(qc, before, me.id);
        setError(e instanceof Error ? e.message : "Something went wrong. Please try again.");
      } finally {
        setBusy(null);
      }
    },
    [summary, qc, me.id, announce],
  );

  const id = summary?.id ?? "";
  const bound = <A extends unknown[], R>(fn: (tenantId: string, ...args: A) => R) => fn.bind(null, tenant.id) as (...args: A) => R;

  return {
    error,
    clearError: () => setError(null),
    busy,
    assign: (userId: string | null) => {
      const member = userId ? data.members.find((m) => m.id === userId) : null;
      const who = userId === me.id ? "you" : personName(member);
      return run(
        "assign",
        { assignee: member ? { id: member.id, name: member.name, email: member.email } : null },
        () => runAction(bound(assignConversation)({ conversationId: id, assigneeId: userId })),
        userId ? `Assigned to ${who}` : "Unassigned",
      );
    },
    setTeam: (teamId: string | null) =>
      run("team", { team: teamId ? (data.teams.find((t) => t.id === teamId) ?? null) : null }, () => runAction(bound(setConversationTeam)({ conversationId: id, teamId })), "Team changed"),
    setPriority: (priority: TPriority) =>
      run("priority", { priority }, () => runAction(bound(setConversationPriority)({ conversationId: id, priority })), `Priority set to ${priority}`),
    snooze: (until: Date) =>
      run(
        "snooze",
        { status: "snoozed", snoozedUntil: until.toISOString() },
        () => runAction(bound(snoozeConversation)({ conversationId: id, until: until.toISOString() })),
        `Snoozed until ${formatUntil(until.toISOString())}`,
      ),
    resolve: () =>
      run("resolve", { status: "resolved", snoozedUntil: null, unreadCount: 0 }, () => runAction(bound(resolveConversation)({ conversationId: id })), "Conversation resolved"),
    reopen: () => run("reopen", { status: "open", snoozedUntil: null }, () => runAction(bound(reopenConversation)({ conversationId: id })), "Conversation reopened"),
    setLabels: (labelIds: string[]) =>
      run(
        "labels",
        { labels: data.labels.filter((l) => labelIds.includes(l.id)) },
        () => runAction(bound(setConversationLabels)({ conversationId: id, labelIds })),
        "Labels updated",
      ),
  };
}

export type TConversationActions = ReturnType<typeof useConversationActions>;
