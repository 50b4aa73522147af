import { COOKIES } from "@/lib/marketing/cookies";
import { DataTable } from "./data-table";

export function CookieTable() {
  return (
    <DataTable id="cookie-table" caption="Cookies set by Sotto (all strictly necessary)" headers={["Name", "Purpose", "Duration", "Set by and where"]}>
      {COOKIES.map((c) => (
        <tr key={c.name}>
          <th scope="row" className="font-mono text-xs font-medium whitespace-nowrap text-ink">
            {c.name}
          </th>
          <td>{c.purpose}</td>
          <td>{c.duration}</td>
          <td>
            {c.provider}
            <span className="mt-1 block text-xs text-slate-600">{c.setOn}</span>
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
