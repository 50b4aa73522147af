// Test totals for the final `N passed, N failed` line, read from the JSON reports.
import fs from "node:fs";

/** Vitest's JSON reporter (jest-compatible). */
export function readVitestJson(file) {
  const r = JSON.parse(fs.readFileSync(file, "utf8"));
  return { passed: r.numPassedTests ?? 0, failed: r.numFailedTests ?? 0, skipped: (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0) };
}

/** Playwright's JSON reporter: expected = passed, unexpected = failed, flaky passed on retry. */
export function readPlaywrightJson(file) {
  const r = JSON.parse(fs.readFileSync(file, "utf8"));
  const s = r.stats ?? {};
  let failed = s.unexpected ?? 0;
  // Errors outside tests (config, global setup) fail the run without failing a test.
  if (!failed && Array.isArray(r.errors) && r.errors.length) failed = r.errors.length;
  return { passed: (s.expected ?? 0) + (s.flaky ?? 0), failed, skipped: s.skipped ?? 0 };
}

export class Totals {
  passed = 0;
  failed = 0;
  skipped = 0;
  add({ passed = 0, failed = 0, skipped = 0 }) {
    this.passed += passed;
    this.failed += failed;
    this.skipped += skipped;
  }
  /** Reads a report if it exists; returns the counts or null. */
  addFrom(reader, file) {
    if (!fs.existsSync(file)) return null;
    try {
      const counts = reader(file);
      this.add(counts);
      return counts;
    } catch {
      return null;
    }
  }
  line() {
    return `${this.passed} passed, ${this.failed} failed`;
  }
}
