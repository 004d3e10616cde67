// The committed glyph table is made from the Inter files installed, and shaping from it picks the glyphs
// and positions the font's own layout engine does for the labels the charts print.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as fontkit from "fontkit";
import { describe, expect, it } from "vitest";
import { FONT_FILES, SCRIPT, WEIGHTS } from "../../../src/charts/text/glyph-table.ts";
import { glyphs, shape } from "../../../src/charts/text/metrics.ts";

const require = createRequire(import.meta.url);

const LABELS = [
  "AV To",
  "Requests/min · Σ 3.2M",
  "5xx rate · Σ 7.3k errors",
  "12:00",
  "14 Jan 09:00 – 15 Jan 09:00",
  "Incident 07:25–08:40",
  "Memory % per instance",
  "4a55d1c0… · max 98 %",
  "payments-gateway · peak 7.7 %",
  "times in Europe/Berlin (UTC+1)",
  "Fleet 5xx rate (24 h)",
  "300 ms",
  "(CPU) 5 - 3 a-b [A-B] a x (A) y",
];

describe("the glyph table", () => {
  for (const weight of WEIGHTS)
    it(`matches the installed Inter ${weight} and shapes labels as the font does (else run npm run glyphs)`, () => {
      const bytes = readFileSync(require.resolve(FONT_FILES[weight]));
      expect(glyphs.sha256[weight]).toBe(createHash("sha256").update(bytes).digest("hex"));
      const font = fontkit.create(bytes) as fontkit.Font;
      for (const text of LABELS) {
        const run = font.layout(text, undefined, SCRIPT);
        const ours = shape(text, weight);
        expect(ours.glyphs.map((g) => g.raised)).toEqual(run.glyphs.map((g) => g.name.endsWith(".case")));
        expect(ours.width).toBe(run.positions.reduce((w, p) => w + p.xAdvance, 0));
      }
    });
});
