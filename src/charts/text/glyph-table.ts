// The shape of src/charts/text/inter-glyphs.json (written by scripts/glyphs.ts) and what goes into it.
// Charts draw their text as glyph outlines from this table: docs/charts.md ("Text").

export const WEIGHTS = [400, 500, 600] as const;
export type Weight = (typeof WEIGHTS)[number];

/** The Inter files the table is made from, one per weight the charts use. */
export const FONT_FILES: Record<Weight, string> = {
  400: "@expo-google-fonts/inter/400Regular/Inter_400Regular.ttf",
  500: "@expo-google-fonts/inter/500Medium/Inter_500Medium.ttf",
  600: "@expo-google-fonts/inter/600SemiBold/Inter_600SemiBold.ttf",
};

const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => String.fromCodePoint(from + i));

/** Printable ASCII and the symbols the charts print: kerned pairwise. */
export const KERNED = [...range(0x20, 0x7e), ..."…–—−·×→Σµ°"];

/** Those, Latin-1 and a few more symbols; anything else is drawn as SVG text. */
export const CHARSET = [...new Set([...KERNED, ...range(0xa0, 0xff), ..."←↑↓≤≥‘’“”•‰€"])];

/** Labels are shaped as Latin text (the OpenType script tag). */
export const SCRIPT = "latn";

export interface WeightGlyphs {
  /** Advance width per character, in font units. */
  advance: Record<string, number>;
  /** SVG path data per character, font units, y up (space and the like have none). */
  outline: Record<string, string>;
  /** The raised ".case" forms of punctuation, used next to figures and capitals (caseForm in metrics.ts). */
  caseAdvance: Record<string, number>;
  caseOutline: Record<string, string>;
  /** Adjustment to the first character's advance for a pair, in font units; only non-zero pairs. */
  kern: Record<string, number>;
}

export interface GlyphTable {
  unitsPerEm: number;
  ascent: number;
  capHeight: number;
  /** Of the TTF each weight was read from: a test tells when the installed font no longer matches. */
  sha256: Partial<Record<Weight, string>>;
  weights: Partial<Record<Weight, WeightGlyphs>>;
}
