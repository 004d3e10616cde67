import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { encodeRgbaPng } from "../../src/charts/png.ts";
import { rng } from "./fixtures.ts";

describe("encodeRgbaPng", () => {
  it("round-trips pixels through a real PNG decoder", () => {
    const w = 37;
    const h = 23;
    const r = rng(3);
    const rgba = new Uint8Array(w * h * 4).map((_, i) => (i % 4 === 3 ? 255 : Math.floor(r() * 256)));
    // In two bands, as the renderer passes them (10 rows, then the rest).
    const png = encodeRgbaPng([rgba.subarray(0, w * 4 * 10), rgba.subarray(w * 4 * 10)], w, h);
    expect(png.subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a");
    const img = PNG.sync.read(png);
    expect([img.width, img.height]).toEqual([w, h]);
    expect(Buffer.from(img.data).equals(Buffer.from(rgba))).toBe(true);
  });

  it("rejects a buffer of the wrong size", () => {
    expect(() => encodeRgbaPng([new Uint8Array(10)], 2, 2)).toThrow(/do not match/);
    expect(() => encodeRgbaPng([new Uint8Array(12), new Uint8Array(4)], 2, 2)).toThrow(/do not match/);
  });
});
