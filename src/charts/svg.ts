// A small SVG document builder for the charts, in logical px (the rasteriser scales it to 2×). Text is
// drawn as Inter's glyph outlines from the glyph table, each glyph defined once per document, so the
// rasteriser never lays text out (its per-label cost) and the PNG does not depend on installed fonts.
// Characters outside the table fall back to SVG text, drawn by the rasteriser with the same font files.
import type { Weight } from "./text/glyph-table.ts";
import { glyphs, inTable, shape, textWidth, weightGlyphs } from "./text/metrics.ts";

export interface TextStyle {
  size: number;
  weight?: Weight;
  fill: string;
  anchor?: "start" | "middle" | "end";
  /** Where `y` is: the baseline (default), the middle of the capitals, or the top of the ascenders. */
  baseline?: "alphabetic" | "middle" | "top";
}

/** Two decimals: a hundredth of a logical px is far below what 2× can show. */
export function num(v: number): string {
  return String(Math.round(v * 100) / 100);
}

/** Text for an XML text node: markup escaped, and characters XML forbids (control codes) replaced by U+FFFD. */
export function escapeXml(s: string): string {
  return (
    s
      // biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters to replace
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "\ufffd")
      .replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
  );
}

export class SvgDoc {
  readonly #body: string[] = [];
  readonly #glyphDefs = new Map<string, string>();
  #usesFonts = false;

  readonly width: number;
  readonly height: number;

  constructor(width: number, height: number) {
    this.width = width;
    this.height = height;
  }

  /** Whether some text was drawn as SVG text (the rasteriser then needs the font files). */
  get usesFonts(): boolean {
    return this.#usesFonts;
  }

  raw(element: string): void {
    this.#body.push(element);
  }

  rect(x: number, y: number, w: number, h: number, fill: string): void {
    if (w <= 0 || h <= 0) return;
    this.#body.push(`<rect x="${num(x)}" y="${num(y)}" width="${num(w)}" height="${num(h)}" fill="${fill}"/>`);
  }

  line(x1: number, y1: number, x2: number, y2: number, stroke: string, width = 1, dash?: readonly number[]): void {
    const d = dash?.length ? ` stroke-dasharray="${dash.join(" ")}"` : "";
    this.#body.push(
      `<line x1="${num(x1)}" y1="${num(y1)}" x2="${num(x2)}" y2="${num(y2)}" stroke="${stroke}" stroke-width="${width}"${d}/>`,
    );
  }

  text(text: string, x: number, y: number, style: TextStyle): void {
    if (!text) return;
    const weight = style.weight ?? 400;
    const width = textWidth(text, style.size, weight);
    const left = style.anchor === "end" ? x - width : style.anchor === "middle" ? x - width / 2 : x;
    const k = style.size / glyphs.unitsPerEm;
    const base =
      style.baseline === "middle"
        ? y + (glyphs.capHeight * k) / 2
        : style.baseline === "top"
          ? y + glyphs.ascent * k
          : y;
    if (!inTable(text, weight)) {
      this.#usesFonts = true;
      this.#body.push(
        `<text x="${num(left)}" y="${num(base)}" font-family="Inter" font-size="${style.size}" font-weight="${weight}" fill="${style.fill}" xml:space="preserve">${escapeXml(text)}</text>`,
      );
      return;
    }
    const g = weightGlyphs(weight);
    const uses: string[] = [];
    for (const glyph of shape(text, weight).glyphs) {
      const outline = glyph.raised ? g.caseOutline[glyph.ch] : g.outline[glyph.ch];
      if (!outline) continue;
      const id = `g${weight}${glyph.raised ? "c" : ""}-${glyph.ch.codePointAt(0)!.toString(16)}`;
      if (!this.#glyphDefs.has(id)) this.#glyphDefs.set(id, `<path id="${id}" d="${outline}"/>`);
      uses.push(`<use href="#${id}" x="${glyph.x}"/>`);
    }
    this.#body.push(
      `<g fill="${style.fill}" transform="translate(${num(left)} ${num(base)}) scale(${k} ${-k})">${uses.join("")}</g>`,
    );
  }

  toString(): string {
    const defs = [...this.#glyphDefs.values()].join("");
    return `<svg xmlns="http://www.w3.org/2000/svg" width="${this.width}" height="${this.height}" viewBox="0 0 ${this.width} ${this.height}"><defs>${defs}</defs>${this.#body.join("")}</svg>`;
  }
}
