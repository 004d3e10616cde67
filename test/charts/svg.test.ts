import { describe, expect, it } from "vitest";
import { escapeXml, num, SvgDoc } from "../../src/charts/svg.ts";
import { textWidth } from "../../src/charts/text/metrics.ts";

describe("SvgDoc", () => {
  it("draws table text as glyph references, each glyph defined once", () => {
    const doc = new SvgDoc(100, 50);
    doc.text("aa b", 10, 20, { size: 11, fill: "#111" });
    const svg = doc.toString();
    expect(svg.match(/<path id="g400-61"/g)).toHaveLength(1);
    expect(svg.match(/href="#g400-61"/g)).toHaveLength(2);
    expect(svg).not.toContain("<text");
    expect(doc.usesFonts).toBe(false);
  });

  it("anchors text by its measured width", () => {
    const end = new SvgDoc(100, 50);
    end.text("12:00", 80, 20, { size: 11, fill: "#111", anchor: "end" });
    const x = Number(/translate\(([\d.]+) /.exec(end.toString())?.[1]);
    expect(x).toBeCloseTo(80 - textWidth("12:00", 11), 1);
  });

  it("falls back to escaped SVG text for characters outside the table", () => {
    const doc = new SvgDoc(100, 50);
    doc.text('приложение <b>&"', 0, 10, { size: 12, fill: "#111" });
    expect(doc.usesFonts).toBe(true);
    expect(doc.toString()).toContain("приложение &#60;b&#62;&#38;&#34;</text>");
    expect(escapeXml("<'>")).toBe("&#60;&#39;&#62;");
    expect(escapeXml("a\u0000b\u001bc\td")).toBe("a\ufffdb\ufffdc\td");
  });

  it("writes numbers with at most two decimals and skips empty rectangles", () => {
    expect(num(1 / 3)).toBe("0.33");
    expect(num(2)).toBe("2");
    const doc = new SvgDoc(10, 10);
    doc.rect(0, 0, 0, 5, "#000");
    expect(doc.toString()).not.toContain("<rect");
  });
});
