// One line of the doctor's table: what was checked, what was found, and for a failure what to do about it.
export interface Check {
  ok: boolean;
  name: string;
  detail: string;
  /** What to change; set for every failed check. */
  fix?: string;
}

export const pass = (name: string, detail: string): Check => ({ ok: true, name, detail });
export const fail = (name: string, detail: string, fix: string): Check => ({ ok: false, name, detail, fix });

const mark = (c: Check) => (c.ok ? "✅" : "❌");

/** The table for a terminal: one row per check, the fix under a failed row. */
export function formatTable(checks: Check[]): string {
  const w = Math.max(5, ...checks.map((c) => c.name.length));
  const head = `   ${"Check".padEnd(w)}  Result`;
  const rows = checks.flatMap((c) => [
    `${mark(c)} ${c.name.padEnd(w)}  ${c.detail}`,
    ...(c.fix ? [`   ${"".padEnd(w)}  ↳ fix: ${c.fix}`] : []),
  ]);
  const failed = checks.filter((c) => !c.ok).length;
  const summary = failed ? `${failed} of ${checks.length} checks failed.` : `All ${checks.length} checks passed.`;
  return [head, `   ${"─".repeat(w)}  ${"─".repeat(40)}`, ...rows, "", summary].join("\n");
}
