import Link from "next/link";
import { PRIMARY_NAV, SIGN_IN_HREF } from "@/lib/marketing/site";
import { CloseIcon, MenuIcon } from "./icons";
import { Logo } from "./logo";
import { ButtonLink, Container } from "./ui";

const NAV_LINK = "rounded-md px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100 hover:text-ink";

export function SiteHeader() {
  return (
    <header className="sticky top-0 z-40 border-b border-slate-200/80 bg-white/90 backdrop-blur supports-[backdrop-filter]:bg-white/75">
      <Container className="flex h-16 items-center justify-between gap-6">
        <Link href="/" className="rounded-md" aria-label="Sotto home">
          <Logo />
        </Link>
        {/* One nav landmark for both layouts; the mobile menu is a native disclosure so it works without JavaScript. */}
        <nav aria-label="Main" className="flex flex-1 items-center justify-end md:justify-between">
          <ul className="hidden items-center gap-1 md:flex">
            {PRIMARY_NAV.map((item) => (
              <li key={item.href}>
                <Link href={item.href} className={NAV_LINK}>
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
          <div className="hidden items-center gap-2 md:flex">
            <Link href={SIGN_IN_HREF} className={NAV_LINK}>
              Sign in
            </Link>
            <ButtonLink href={SIGN_IN_HREF}>Start free</ButtonLink>
          </div>
          <details className="group relative md:hidden">
            <summary className="flex cursor-pointer list-none items-center gap-2 rounded-md px-3 py-2 text-sm font-medium text-slate-700 ring-1 ring-slate-300 ring-inset hover:bg-slate-50 [&::-webkit-details-marker]:hidden">
              <MenuIcon className="size-5 group-open:hidden" />
              <CloseIcon className="hidden size-5 group-open:block" />
              Menu
            </summary>
            <div className="absolute right-0 mt-2 w-64 rounded-xl border border-slate-200 bg-white p-2 shadow-lg">
              <ul className="flex flex-col">
                {PRIMARY_NAV.map((item) => (
                  <li key={item.href}>
                    <Link href={item.href} className={`block ${NAV_LINK}`}>
                      {item.label}
                    </Link>
                  </li>
                ))}
                <li>
                  <Link href={SIGN_IN_HREF} className={`block ${NAV_LINK}`}>
                    Sign in
                  </Link>
                </li>
              </ul>
              <ButtonLink href={SIGN_IN_HREF} className="mt-2 w-full">
                Start free
              </ButtonLink>
            </div>
          </details>
        </nav>
      </Container>
    </header>
  );
}
