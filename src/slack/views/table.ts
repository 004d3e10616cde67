// A compact fixed-width table in a ``` block: padded on the displayed text, escaped afterwards.
import { escapeMrkdwn, sanitize } from "./escape.ts";

export type Align = "left" | "right";

/** Rows of cells → a ``` block; cells are foreign text (escaped here), widths capped at `maxCell`. */
export function table(headers: string[], rows: string[][], align: Align[] = [], maxCell = 48): string {
  const clean = (s: string) => {
    const t = sanitize(s);
    return t.length > maxCell ? `${t.slice(0, maxCell - 1)}…` : t;
  };
  const all = [headers, ...rows].map((r) => r.map(clean));
  const widths = headers.map((_, i) => Math.max(...all.map((r) => [...(r[i] ?? "")].length)));
  const pad = (s: string, i: number) => {
    const gap = " ".repeat(Math.max(0, widths[i] - [...s].length));
    return align[i] === "right" ? gap + s : s + gap;
  };
  const lines = all.map((r) =>
    headers
      .map((_, i) => pad(r[i] ?? "", i))
      .join("  ")
      .trimEnd(),
  );
  return `\`\`\`\n${escapeMrkdwn(lines.join("\n"), { multiline: true }).replace(/```/g, "ˋˋˋ")}\n\`\`\``;
}
