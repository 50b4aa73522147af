import Link from "next/link";
import { hasRole, type TRole } from "@/lib/auth/roles";
import { pendingNotice } from "@/lib/privacy/subprocessor-notices";
import { DismissNoticeButton } from "./dismiss-notice-button";

/** Shown to admins and owners until one of them dismisses it. */
export async function SubprocessorBanner({ tenantId, role }: { tenantId: string; role: TRole }) {
  if (!hasRole(role, "admin")) return null;
  const notice = await pendingNotice(tenantId);
  if (!notice) return null;
  return (
    <div role="region" aria-label="Sub-processor change" className="mb-6 flex flex-wrap items-start justify-between gap-3 rounded-xl border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950">
      <p>
        <strong className="font-semibold">Sub-processor change.</strong> {notice.summary} You may object within 30 days.{" "}
        <Link href="/legal/subprocessors" className="font-medium underline underline-offset-2">
          See the list
        </Link>
      </p>
      <DismissNoticeButton tenantId={tenantId} noticeId={notice.id} />
    </div>
  );
}
