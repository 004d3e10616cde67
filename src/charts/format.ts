// Human-friendly numbers for axes and legends: 1.2k, 3.4 s, 90 %.

function trim(n: number, digits: number): string {
  return n
    .toFixed(digits)
    .replace(/\.0+$/, "")
    .replace(/(\.\d*?)0+$/, "$1");
}

/** 950 → "950", 1234 → "1.2k", 56789 → "57k", 3.2e6 → "3.2M". */
export function formatCount(n: number): string {
  const a = Math.abs(n);
  if (a >= 1e9) return `${trim(n / 1e9, a >= 1e10 ? 0 : 1)}G`;
  if (a >= 1e6) return `${trim(n / 1e6, a >= 1e7 ? 0 : 1)}M`;
  if (a >= 1e3) return `${trim(n / 1e3, a >= 1e4 ? 0 : 1)}k`;
  if (a >= 10 || a === 0) return trim(n, 0);
  return trim(n, a >= 1 ? 1 : 2);
}

/** 0.85 → "850 ms", 3.44 → "3.4 s", 230 → "230 s". */
export function formatSeconds(s: number): string {
  const a = Math.abs(s);
  if (a === 0) return "0";
  if (a < 1) return `${trim(s * 1000, a < 0.01 ? 1 : 0)} ms`;
  if (a < 10) return `${trim(s, 1)} s`;
  return `${trim(s, 0)} s`;
}

/** 90 → "90 %", 4.56 → "4.6 %", 0.123 → "0.12 %". */
export function formatPercent(p: number): string {
  const a = Math.abs(p);
  if (a === 0) return "0 %";
  return `${trim(p, a >= 10 ? 0 : a >= 1 ? 1 : 2)} %`;
}

/** Shortens a label to `max` characters with an ellipsis. */
export function ellipsize(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, Math.max(1, max - 1))}…`;
}
