// Writes src/charts/text/inter-glyphs.json from the Inter TTFs the charts ship with (`npm run glyphs`);
// `--check` only says whether the committed table is stale. Why a table: docs/charts.md ("Text").
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as fontkit from "fontkit";
import { CHARSET, FONT_FILES, type GlyphTable, KERNED, SCRIPT, WEIGHTS } from "../src/charts/text/glyph-table.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
export const TABLE_PATH = join(root, "src/charts/text/inter-glyphs.json");
const require = createRequire(import.meta.url);

/** Outline numbers in font units, rounded: 1 unit is 1/2048 em, ~0.01 device px at the charts' sizes. */
function roundPath(d: string): string {
  return d.replace(/-?\d+(\.\d+)?(e-?\d+)?/g, (n) => String(Math.round(Number(n))));
}

export function buildGlyphTable(): GlyphTable {
  const table: GlyphTable = { unitsPerEm: 0, ascent: 0, capHeight: 0, sha256: {}, weights: {} };
  for (const weight of WEIGHTS) {
    const path = require.resolve(FONT_FILES[weight]);
    const bytes = readFileSync(path);
    const font = fontkit.create(bytes) as fontkit.Font;
    table.unitsPerEm = font.unitsPerEm;
    table.ascent = font.ascent;
    table.capHeight = font.capHeight;
    table.sha256[weight] = createHash("sha256").update(bytes).digest("hex");
    const advance: Record<string, number> = {};
    const outline: Record<string, string> = {};
    const caseAdvance: Record<string, number> = {};
    const caseOutline: Record<string, string> = {};
    for (const ch of CHARSET) {
      const g = font.glyphForCodePoint(ch.codePointAt(0)!);
      // Glyph 0 is .notdef: the font has no such character, so it stays out and is drawn as text.
      if (!g || g.id === 0) continue;
      advance[ch] = g.advanceWidth;
      const d = g.path.toSVG();
      if (d) outline[ch] = roundPath(d);
      // Inter's contextual alternates raise punctuation next to figures and capitals ("12:00").
      const alt = font.layout(`0${ch}0`, undefined, SCRIPT).glyphs[1];
      if (alt && alt.id !== g.id) {
        caseAdvance[ch] = alt.advanceWidth;
        caseOutline[ch] = roundPath(alt.path.toSVG());
      }
    }
    // Pair kerning as the font's own layout (GPOS) applies it in Latin text, for the characters most
    // labels use (a run of figures alone would otherwise be shaped as the "common" script, kerned apart).
    const kern: Record<string, number> = {};
    for (const a of KERNED)
      for (const b of KERNED) {
        const run = font.layout(a + b, undefined, SCRIPT);
        if (run.glyphs.length !== 2) continue;
        const k = run.positions[0].xAdvance - run.glyphs[0].advanceWidth;
        if (k !== 0) kern[a + b] = k;
      }
    table.weights[weight] = { advance, outline, caseAdvance, caseOutline, kern };
  }
  return table;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const text = `${JSON.stringify(buildGlyphTable())}\n`;
  if (process.argv.includes("--check")) {
    const stale = readFileSync(TABLE_PATH, "utf8") !== text;
    console.log(stale ? "src/charts/text/inter-glyphs.json is stale: run npm run glyphs" : "glyph table up to date");
    process.exit(stale ? 1 : 0);
  }
  writeFileSync(TABLE_PATH, text);
  console.log(`wrote ${TABLE_PATH.slice(root.length + 1)} (${Math.round(text.length / 1024)} KB)`);
}
