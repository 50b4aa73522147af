import Link from "next/link";

export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col items-center justify-center bg-slate-50 px-4">
      <Link href="/" className="mb-8 text-2xl font-semibold tracking-tight text-ink">
        Sotto
      </Link>
      <main className="w-full max-w-md rounded-2xl border border-slate-200 bg-white p-8 shadow-sm">{children}</main>
    </div>
  );
}
