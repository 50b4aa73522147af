import Link from "next/link";

export default function Forbidden() {
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col justify-center px-4 text-center">
      <h1 className="text-2xl font-semibold">You don&apos;t have permission to see this</h1>
      <p className="mt-2 text-slate-600">Your role in this workspace doesn&apos;t include this page. Ask an admin or owner.</p>
      <Link href="/app" className="mt-6 text-brand-600 underline">Back to your workspace</Link>
    </main>
  );
}
