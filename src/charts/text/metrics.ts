// Text shaping from the glyph table: Inter's advances, its pair kerning and its raised punctuation next
// to figures and capitals, so legends wrap, long names get their ellipsis and right-aligned labels line
// up before anything is drawn, and the drawn glyphs are the ones a full shaper would pick. Pure.
import type { GlyphTable, Weight, WeightGlyphs } from "./glyph-table.ts";
import data from "./inter-glyphs.json" with { type: "json" };

export const glyphs = data as GlyphTable;

export function weightGlyphs(weight: Weight): WeightGlyphs {
  const w = glyphs.weights[weight];
  if (!w) throw new Error(`charts: no glyphs for font weight ${weight} (run npm run glyphs)`);
  return w;
}

const FIGURE_OR_CAPITAL = /[\p{Lu}\p{Nd}]/u;
const LOWERCASE = /\p{Ll}/u;
const OPENING = "([{";
const CLOSING = ")]}";

/**
 * Whether the character at `i` takes its raised ".case" form: Inter's contextual alternates do that next
 * to a figure or a capital (looking past one space), unless a lowercase letter touches it ("12:00",
 * "09:00 – 15", "(UTC+1)", but "a-b"). A simplification of the font's rules: docs/charts.md ("Text").
 */
export function caseForm(chars: string[], i: number): boolean {
  const [before, after] = [chars[i - 1], chars[i + 1]];
  if ((before && LOWERCASE.test(before)) || (after && LOWERCASE.test(after))) return false;
  const [prev, next] = [neighbour(chars, i, -1), neighbour(chars, i, 1)];
  return Boolean((prev && FIGURE_OR_CAPITAL.test(prev)) || (next && FIGURE_OR_CAPITAL.test(next)));
}

/** The character beside `i` in direction `dir`, looking past one space. */
function neighbour(chars: string[], i: number, dir: 1 | -1): string | undefined {
  const c = chars[i + dir];
  return c === " " ? chars[i + 2 * dir] : c;
}

export interface ShapedGlyph {
  ch: string;
  /** The ".case" form. */
  raised: boolean;
  /** Pen position in font units. */
  x: number;
}

/** Glyphs and pen positions of `text` (font units); characters outside the table advance like a digit. */
export function shape(text: string, weight: Weight): { glyphs: ShapedGlyph[]; width: number } {
  const g = weightGlyphs(weight);
  const chars = [...text];
  const out: ShapedGlyph[] = [];
  // Whether each open bracket was raised: its closing one follows it ("(24 h)"); lowercase after a closing
  // bracket, even past a space, keeps it down ("(A) y").
  const open: boolean[] = [];
  let pen = 0;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    if (i > 0) pen += g.kern[chars[i - 1] + ch] ?? 0;
    let raised = g.caseAdvance[ch] !== undefined && caseForm(chars, i);
    if (OPENING.includes(ch)) open.push(raised);
    else if (CLOSING.includes(ch)) {
      const opened = open.pop() ?? false;
      raised = (raised || opened) && !LOWERCASE.test(neighbour(chars, i, 1) ?? "");
    }
    out.push({ ch, raised, x: pen });
    pen += (raised ? g.caseAdvance[ch] : g.advance[ch]) ?? g.advance["0"];
  }
  return { glyphs: out, width: pen };
}

/** Width in px of `text` at `size` px. */
export function textWidth(text: string, size: number, weight: Weight = 400): number {
  return (shape(text, weight).width * size) / glyphs.unitsPerEm;
}

/** Cuts `text` with an ellipsis until it fits `maxWidth`. */
export function fitText(text: string, maxWidth: number, size: number, weight: Weight = 400): string {
  if (textWidth(text, size, weight) <= maxWidth) return text;
  const chars = [...text];
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (textWidth(`${chars.slice(0, mid).join("")}…`, size, weight) <= maxWidth) lo = mid;
    else hi = mid - 1;
  }
  return `${chars.slice(0, lo).join("")}…`;
}

/** Whether every character of `text` is in the table (else it is drawn as SVG text). */
export function inTable(text: string, weight: Weight): boolean {
  const g = weightGlyphs(weight);
  for (const ch of text) if (g.advance[ch] === undefined) return false;
  return true;
}
