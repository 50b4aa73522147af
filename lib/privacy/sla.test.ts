import { describe, expect, it } from "vitest";
import { monthlySla } from "./sla";

const d = (s: string) => new Date(s);

describe("monthlySla", () => {
  it("buckets by month of receipt and compares the answer with the (possibly extended) deadline", () => {
    const at = d("2026-03-20T00:00:00Z");
    const months = monthlySla(
      [
        { receivedAt: d("2026-01-31T10:00:00Z"), dueAt: d("2026-02-28T10:00:00Z"), closedAt: d("2026-02-28T09:00:00Z") },
        { receivedAt: d("2026-01-05T10:00:00Z"), dueAt: d("2026-02-05T10:00:00Z"), closedAt: d("2026-02-06T10:00:00Z") },
        { receivedAt: d("2026-02-10T10:00:00Z"), dueAt: d("2026-03-10T10:00:00Z"), closedAt: null },
        { receivedAt: d("2026-03-01T10:00:00Z"), dueAt: d("2026-04-01T10:00:00Z"), closedAt: null },
        { receivedAt: d("2025-01-01T10:00:00Z"), dueAt: d("2025-02-01T10:00:00Z"), closedAt: null },
      ],
      at,
      3,
    );
    expect(months.map((m) => [m.month, m.onTime, m.late, m.open, m.overdue, m.onTimeRate])).toEqual([
      ["2026-01", 1, 1, 0, 0, 0.5],
      ["2026-02", 0, 0, 0, 1, 0],
      ["2026-03", 0, 0, 1, 0, null],
    ]);
  });
});
