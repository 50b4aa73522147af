import { redirect } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { listMemberships } from "@/lib/auth/memberships";

/** Where sign-in lands: the user's first workspace, or onboarding when they have none. */
export default async function AppHome() {
  const user = await requireUser("/app");
  const memberships = await listMemberships(user.id);
  const first = memberships[0];
  redirect(first ? `/t/${first.tenantSlug}` : "/onboarding");
}
