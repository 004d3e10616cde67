// The Inter files, for text the glyph table does not cover (the rasteriser draws that as SVG text). A slim
// container has no fonts at all, and without these the rasteriser would draw such text as nothing.
import { createRequire } from "node:module";
import { FONT_FILES, WEIGHTS } from "./text/glyph-table.ts";

const require = createRequire(import.meta.url);

/** Resolved TTF paths (throws when the package is missing, which is better than text-less PNGs). */
export function fontPaths(): string[] {
  return WEIGHTS.map((w) => require.resolve(FONT_FILES[w]));
}
