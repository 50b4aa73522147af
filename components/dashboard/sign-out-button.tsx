"use client";

import { useAction } from "next-safe-action/hooks";
import { signOutAction } from "@/lib/auth/actions/sign-out";

export function SignOutButton() {
  const { execute, isPending } = useAction(signOutAction);
  return (
    <button type="button" onClick={() => execute()} disabled={isPending} className="rounded-md border border-slate-300 px-3 py-1.5 hover:bg-slate-50">
      Sign out
    </button>
  );
}
