import type { Metadata } from "next";
import { requireUser } from "@/lib/auth/session";
import { CreateTenantForm } from "@/components/tenants/create-tenant-form";

export const metadata: Metadata = { title: "Create your workspace" };

export default async function OnboardingPage() {
  const user = await requireUser("/onboarding");
  return (
    <main className="mx-auto flex min-h-screen max-w-lg flex-col justify-center px-4">
      <h1 className="text-2xl font-semibold">Create your workspace</h1>
      <p className="mt-2 text-slate-600">
        Signed in as <strong>{user.email}</strong>. A workspace holds your channels, conversations and team. You will be its owner.
      </p>
      <div className="mt-6 rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
        <CreateTenantForm />
      </div>
    </main>
  );
}
