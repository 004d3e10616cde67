// Numbers for people in the core's own sentences (summaries, mitigation reasons): one thousands style
// (14,139), at most three significant digits for measurements (93.7, 0.42), percentages with their unit,
// durations in words. The Slack views have their own richer formatters (src/slack/views/format.ts).

const isNum = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

/** 14,139 */
export function humanCount(n: number): string {
  return isNum(n) ? Math.round(n).toLocaleString("en-US") : "unknown";
}

/** A measurement with at most three significant digits: 93.7 · 0.421 · 1,468,006 (whole numbers stay whole). */
export function humanNumber(x: number | string): string {
  if (typeof x === "string") return x;
  if (!isNum(x)) return "unknown";
  if (Number.isInteger(x)) return x.toLocaleString("en-US");
  const a = Math.abs(x);
  if (a >= 1000) return Math.round(x).toLocaleString("en-US");
  return String(Number(x.toPrecision(3)));
}

/** A ratio 0–1 as a percentage: 6.5 % · 0.1 % · < 0.01 %. */
export function humanRate(ratio: number): string {
  if (!isNum(ratio)) return "unknown";
  const p = ratio * 100;
  if (p === 0) return "0 %";
  if (Math.abs(p) < 0.01) return "< 0.01 %";
  return `${Number(p.toPrecision(p < 1 ? 1 : p < 10 ? 2 : 3))} %`;
}

/** 45 s · 12 min · 1 h 10 min · 2 d 3 h */
export function humanDuration(ms: number): string {
  if (!isNum(ms)) return "unknown";
  const min = Math.round(Math.max(0, ms) / 60_000);
  if (min < 1) return `${Math.round(Math.max(0, ms) / 1000)} s`;
  const d = Math.floor(min / 1440);
  const h = Math.floor((min % 1440) / 60);
  const m = min % 60;
  if (d) return `${d} d${h ? ` ${h} h` : ""}`;
  if (h) return `${h} h${m ? ` ${m} min` : ""}`;
  return `${m} min`;
}
