import { SUBPROCESSORS } from "@/lib/marketing/subprocessors";
import { DataTable } from "./data-table";

export function SubprocessorTable() {
  return (
    <DataTable
      id="subprocessor-table"
      caption="Sub-processors that may process personal data"
      headers={["Name", "Purpose", "Region", "Data categories", "Transfer mechanism"]}
    >
      {SUBPROCESSORS.map((s) => (
        <tr key={s.id}>
          <th scope="row" className="font-medium text-ink">
            {s.name}
            <span
              className={`mt-1 block w-fit rounded-full px-2 py-0.5 text-xs font-medium ${s.engagement === "always" ? "bg-slate-100 text-slate-700" : "bg-brand-50 text-brand-700"}`}
            >
              {s.engagement === "always" ? "Always used" : "Only if a tenant enables it"}
            </span>
          </th>
          <td>
            {s.purpose}
            {s.note && <span className="mt-1 block text-xs text-slate-600">{s.note}</span>}
          </td>
          <td>{s.region}</td>
          <td>
            <ul className="list-disc space-y-1 pl-4">
              {s.dataCategories.map((c) => (
                <li key={c}>{c}</li>
              ))}
            </ul>
          </td>
          <td>{s.transferMechanism}</td>
        </tr>
      ))}
    </DataTable>
  );
}
