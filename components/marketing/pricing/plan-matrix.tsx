import { PLAN_MATRIX, PLANS, type TMatrixValue } from "@/lib/marketing/plans";
import { CheckIcon, MinusIcon } from "../icons";

function Cell({ value }: { value: TMatrixValue }) {
  if (value === true)
    return (
      <>
        <CheckIcon className="mx-auto size-5 text-brand-600" />
        <span className="sr-only">Included</span>
      </>
    );
  if (value === false)
    return (
      <>
        <MinusIcon className="mx-auto size-5 text-slate-400" />
        <span className="sr-only">Not included</span>
      </>
    );
  return <span className="text-sm text-slate-700">{value}</span>;
}

export function PlanMatrix() {
  return (
    // Focusable so keyboard users can scroll the table sideways on narrow screens.
    <div role="region" aria-labelledby="matrix-caption" tabIndex={0} className="overflow-x-auto rounded-2xl border border-slate-200 bg-white">
      <table className="w-full min-w-[44rem] border-collapse text-left">
        <caption id="matrix-caption" className="px-6 pt-6 pb-2 text-left text-lg font-semibold text-ink">
          Compare plans feature by feature
        </caption>
        <thead>
          <tr className="border-b border-slate-200">
            <th scope="col" className="w-2/5 px-6 py-4 text-sm font-semibold text-slate-600">
              Feature
            </th>
            {PLANS.map((p) => (
              <th key={p.id} scope="col" className="w-1/5 px-4 py-4 text-center text-sm font-semibold text-ink">
                {p.name}
              </th>
            ))}
          </tr>
        </thead>
        {PLAN_MATRIX.map((group) => (
          <tbody key={group.group}>
            <tr className="bg-slate-50">
              <th scope="colgroup" colSpan={PLANS.length + 1} className="px-6 py-3 text-sm font-semibold text-brand-700">
                {group.group}
              </th>
            </tr>
            {group.rows.map((row) => (
              <tr key={row.feature} className="border-t border-slate-100">
                <th scope="row" className="px-6 py-3.5 text-sm font-medium text-slate-700">
                  {row.feature}
                </th>
                {PLANS.map((p) => (
                  <td key={p.id} className="px-4 py-3.5 text-center">
                    <Cell value={row.values[p.id]} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        ))}
      </table>
    </div>
  );
}
