"use client";

import type { TConversationSummary } from "@/lib/inbox/types";
import { useInbox } from "./inbox-context";
import { ChevronDownIcon, UserPlusIcon, XIcon } from "./icons";
import { Avatar, MenuItem, MenuList, MenuSeparator, Popover } from "./ui";
import { personName } from "./format";

export function AssignMenu({ summary, onAssign, disabled }: { summary: TConversationSummary; onAssign: (userId: string | null) => void; disabled?: boolean }) {
  const { data, me } = useInbox();
  const agents = data.members.filter((m) => m.role !== "analyst");
  const current = summary.assignee;
  return (
    <Popover
      label="Assign conversation"
      role="menu"
      disabled={disabled}
      trigger={() =>
        current ? (
          <>
            <Avatar id={current.id} name={personName(current)} size="xs" />
            <span className="max-w-28 truncate">
              <span className="sr-only">Assigned to </span>
              {current.id === me.id ? "You" : personName(current)}
            </span>
            <ChevronDownIcon className="size-3.5 text-slate-400" />
          </>
        ) : (
          <>
            <UserPlusIcon className="text-slate-500" />
            <span>Assign</span>
            <ChevronDownIcon className="size-3.5 text-slate-400" />
          </>
        )
      }
    >
      {(close) => (
        <MenuList label="Assignee">
          {current?.id !== me.id && agents.some((a) => a.id === me.id) ? (
            <>
              <MenuItem
                onSelect={() => {
                  onAssign(me.id);
                  close();
                }}
              >
                <Avatar id={me.id} name={personName(me)} size="xs" /> Assign to me
              </MenuItem>
              <MenuSeparator />
            </>
          ) : null}
          {agents.map((m) => (
            <MenuItem
              key={m.id}
              checked={current?.id === m.id}
              onSelect={() => {
                onAssign(m.id);
                close();
              }}
            >
              <Avatar id={m.id} name={personName(m)} size="xs" />
              <span className="min-w-0 flex-1 truncate">
                {personName(m)}
                {m.id === me.id ? <span className="text-slate-500"> (you)</span> : null}
              </span>
            </MenuItem>
          ))}
          {current ? (
            <>
              <MenuSeparator />
              <MenuItem
                onSelect={() => {
                  onAssign(null);
                  close();
                }}
              >
                <XIcon className="size-4 text-slate-500" /> Unassign
              </MenuItem>
            </>
          ) : null}
        </MenuList>
      )}
    </Popover>
  );
}
