import Link from "next/link";

/** The public privacy center frame: the controller's name first, Sotto only as the provider. */
export function PortalShell({ tenantName, homeHref, children }: { tenantName: string; homeHref: string; children: React.ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col bg-slate-50">
      <a href="#portal-main" className="sr-only focus:not-sr-only focus:absolute focus:left-3 focus:top-3 focus:z-10 focus:rounded-md focus:bg-white focus:px-4 focus:py-2 focus:shadow">
        Skip to content
      </a>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-3xl items-center justify-between gap-4 px-4 py-4">
          <Link href={homeHref} className="text-lg font-semibold tracking-tight text-ink">
            {tenantName} <span className="font-normal text-slate-600">· Privacy center</span>
          </Link>
        </div>
      </header>
      <main id="portal-main" tabIndex={-1} className="mx-auto w-full max-w-3xl flex-1 px-4 py-10 outline-none">
        {children}
      </main>
      <footer className="border-t border-slate-200 bg-white">
        <p className="mx-auto max-w-3xl px-4 py-4 text-sm text-slate-600">
          {tenantName} is the controller of the data it holds about you. The privacy center is provided by{" "}
          <Link href="/legal/privacy" className="font-medium text-brand-700 underline-offset-2 hover:underline">
            Sotto
          </Link>
          .
        </p>
      </footer>
    </div>
  );
}
