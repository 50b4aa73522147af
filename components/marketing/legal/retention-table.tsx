import { formatRetention, RETENTION_RULES } from "@/lib/marketing/retention";
import { DataTable } from "./data-table";

const ROLE_LABEL = { controller: "Controller", processor: "Processor" } as const;

export function RetentionTable() {
  return (
    <DataTable id="retention-table" caption="How long we keep each category of data" headers={["Data category", "Retention period", "Our role", "Why"]}>
      {RETENTION_RULES.map((r) => (
        <tr key={r.id}>
          <th scope="row" className="font-medium text-ink">
            {r.category}
          </th>
          <td className="min-w-36 font-medium text-ink">{formatRetention(r)}</td>
          <td>
            {ROLE_LABEL[r.role]}
            {r.tenantConfigurable && <span className="mt-1 block text-xs text-slate-600">Tenants can shorten</span>}
          </td>
          <td>{r.why}</td>
        </tr>
      ))}
    </DataTable>
  );
}
