import type { ReactNode } from "react";

/**
 * Wide tables scroll sideways on phones; the wrapper is focusable and named so
 * keyboard and screen-reader users can reach and scroll it.
 */
export function DataTable({ id, caption, headers, children }: { id: string; caption: string; headers: readonly string[]; children: ReactNode }) {
  return (
    <div role="region" aria-labelledby={`${id}-caption`} tabIndex={0} className="mt-6 overflow-x-auto rounded-xl border border-slate-200 bg-white">
      <table className="w-full min-w-[40rem] border-collapse text-left text-sm">
        <caption id={`${id}-caption`} className="px-4 pt-4 pb-2 text-left font-semibold text-ink">
          {caption}
        </caption>
        <thead className="bg-slate-50">
          <tr>
            {headers.map((h) => (
              <th key={h} scope="col" className="border-b border-slate-200 px-4 py-3 font-semibold text-ink">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 align-top text-slate-700 [&_td]:px-4 [&_td]:py-3 [&_th]:px-4 [&_th]:py-3">{children}</tbody>
      </table>
    </div>
  );
}
