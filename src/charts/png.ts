// PNG encoder for the rasterised charts. The rasteriser's own encoder took ~50 ms for a 1760×1552 status
// chart; filter "none" + deflate level 3 takes ~10 ms and the file is about as small (~220 KB), because
// flat chart colours deflate well unfiltered. Synchronous: it runs on the chart worker.
import zlib from "node:zlib";

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, data: Buffer): Buffer {
  const out = Buffer.allocUnsafe(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, "latin1");
  data.copy(out, 8);
  out.writeUInt32BE(zlib.crc32(out.subarray(4, 8 + data.length)) >>> 0, 8 + data.length);
  return out;
}

/**
 * RGBA pixels → PNG, 8-bit RGBA, filter "none"; the pixels come as bands of whole rows, top to bottom.
 * Rows are copied whole (no per-pixel JS work); charts are opaque, so alpha costs only ~3 % in size.
 */
export function encodeRgbaPng(bands: Uint8Array[], width: number, height: number): Buffer {
  const row = width * 4;
  if (bands.reduce((n, b) => n + b.length, 0) !== row * height || bands.some((b) => b.length % row))
    throw new Error("png: pixel buffers do not match the size");
  // Not kept between charts: reused, these 10.9 MB stayed resident for as long as the worker lived; freed,
  // they go back at the worker's collection after each chart (docs/memory.md).
  const raw = Buffer.allocUnsafe((row + 1) * height);
  let y = 0;
  for (const rgba of bands)
    for (let r = 0; r < rgba.length / row; r++, y++) {
      raw[y * (row + 1)] = 0; // filter type "none"
      raw.set(rgba.subarray(r * row, (r + 1) * row), y * (row + 1) + 1);
    }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type RGBA
  const idat = zlib.deflateSync(raw, { level: 3 });
  return Buffer.concat([SIGNATURE, chunk("IHDR", ihdr), chunk("IDAT", idat), chunk("IEND", Buffer.alloc(0))]);
}
