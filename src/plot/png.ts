/**
 * A minimal PNG encoder for colour-mapped images (8-bit palette, one transparent entry), used to
 * put time-frequency maps into vega-lite `image` marks: a 400 x 200 map is one small image
 * instead of 80 000 SVG rectangles.
 */

import { deflateSync } from "zlib";

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, payload: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + payload.length);
  out.writeUInt32BE(payload.length, 0);
  out.write(type, 4, "ascii");
  Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + payload.length)), 8 + payload.length);
  return out;
}

/**
 * Encode an 8-bit indexed-colour PNG.
 * @param width, height image size in pixels
 * @param indices palette index per pixel, row by row from the TOP row (length width*height)
 * @param palette RGB triplets (length 3 * nColors, nColors <= 256)
 * @param alpha optional alpha per palette entry (length <= nColors; missing entries are opaque)
 */
export function encodeIndexedPNG(
  width: number,
  height: number,
  indices: Uint8Array,
  palette: Uint8Array,
  alpha?: Uint8Array,
): Buffer {
  if (indices.length !== width * height) throw new Error(`encodeIndexedPNG: ${indices.length} indices for ${width}x${height}`);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 3; // colour type: indexed
  ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
  const raw = Buffer.alloc((width + 1) * height);
  for (let r = 0; r < height; r++) {
    raw[r * (width + 1)] = 0; // filter: none
    raw.set(indices.subarray(r * width, (r + 1) * width), r * (width + 1) + 1);
  }
  const parts = [
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("PLTE", palette),
  ];
  if (alpha && alpha.length) parts.push(chunk("tRNS", alpha));
  parts.push(chunk("IDAT", deflateSync(raw, { level: 9 })), chunk("IEND", new Uint8Array(0)));
  return Buffer.concat(parts);
}

/** Parse "rgb(r, g, b)", "rgba(...)", "#rgb" or "#rrggbb" into [r, g, b]. */
export function parseColor(s: string): [number, number, number] {
  const m = /^rgba?\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)/i.exec(s);
  if (m) return [Math.round(+m[1]), Math.round(+m[2]), Math.round(+m[3])];
  const h = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(s.trim());
  if (h) {
    const v = h[1].length === 3 ? h[1].split("").map((c) => c + c).join("") : h[1];
    return [parseInt(v.slice(0, 2), 16), parseInt(v.slice(2, 4), 16), parseInt(v.slice(4, 6), 16)];
  }
  throw new Error(`cannot parse colour ${JSON.stringify(s)}`);
}
