"use server";

import { authActionClient } from "@/lib/actions/client";
import { signOut } from "@/lib/auth/config";

export const signOutAction = authActionClient.metadata({ name: "sign-out" }).action(async () => {
  await signOut({ redirectTo: "/sign-in?signedOut=1" });
});
