// "Did you mean": candidates within a small edit distance of what was typed, or that it is a prefix of.
import { damerauLevenshtein } from "../core/resolve.ts";

export { damerauLevenshtein };

export interface SuggestOptions {
  /** Largest edit distance that still suggests; default 2 (1 for words of two to four characters, 0 for one). */
  maxDistance?: number;
  limit?: number;
}

/**
 * The candidates nearest to `input` (a prefix of them, or within the edit distance), best first, compared
 * case-insensitively. `candidates` may map a word to what to suggest for it (an alias suggests its verb), so
 * several words may suggest one thing; each appears once.
 */
export function closest(
  input: string,
  candidates: Iterable<string> | ReadonlyMap<string, string>,
  opts: SuggestOptions = {},
): string[] {
  const q = input.toLowerCase();
  if (q === "") return [];
  // One character is too little to guess from; short words allow one edit, longer ones two.
  const max = opts.maxDistance ?? (q.length <= 1 ? 0 : q.length <= 4 ? 1 : 2);
  const pairs: Array<[string, string]> =
    candidates instanceof Map ? [...candidates] : [...(candidates as Iterable<string>)].map((c) => [c, c]);
  const best = new Map<string, number>();
  for (const [word, target] of pairs) {
    const w = word.toLowerCase();
    let score: number | undefined;
    // A prefix counts only from two characters on, so "s" does not suggest every verb starting with s.
    if (q.length >= 2 && w.length > q.length && w.startsWith(q)) score = 0.5;
    else if (Math.abs(w.length - q.length) <= max) {
      const d = damerauLevenshtein(q, w);
      if (d <= max) score = d;
    }
    if (score !== undefined && score < (best.get(target) ?? Number.POSITIVE_INFINITY)) best.set(target, score);
  }
  // Only the nearest: "stauts" suggests status (1 edit), not also start (2 edits).
  const top = Math.min(...best.values()) + 0.5;
  return [...best]
    .filter(([, score]) => score <= top)
    .sort((x, y) => x[1] - y[1] || x[0].localeCompare(y[0]))
    .slice(0, opts.limit ?? 3)
    .map(([t]) => t);
}
