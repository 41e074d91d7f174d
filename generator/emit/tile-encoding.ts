// Encodes padded fp64 matrices as tt-metal tile pages: 32×32 tiles in row-major tile order, each
// tile four 16×16 faces (F0 F1 F2 F3), each face row-major; elements as Float16_b (bf16, round to
// nearest even), Float32, little-endian — exactly what tilize_nfaces produces on the host — or
// Bfp8_b: per tile 64 shared-exponent bytes (one per 16-value face row, faces in order), then
// 1024 bytes of sign + 7-bit magnitude; exponent E = the group's largest floor(log2|x|), each
// magnitude round-half-even(|x|·2^(6−E)) clamped to 127 (the rule reference/numerics.ts models).

import type { TileFormat } from '../plan/plan.ts';
import { TILE_BYTES } from '../plan/plan.ts';

const scratch = new DataView(new ArrayBuffer(4));

export function float32Bits(value: number): number {
  scratch.setFloat32(0, value, true);
  return scratch.getUint32(0, true);
}

/** fp64 → fp32 → bf16 bits with round-to-nearest-even (NaN stays a quiet NaN). */
export function bf16Bits(value: number): number {
  const bits = float32Bits(value);
  if ((bits & 0x7f800000) === 0x7f800000 && (bits & 0x007fffff) !== 0) return ((bits >>> 16) | 0x0040) & 0xffff;
  const rounding = 0x7fff + ((bits >>> 16) & 1);
  return ((bits + rounding) >>> 16) & 0xffff;
}

/** Offset of element (row, col) inside a 32×32 tile stored as four row-major 16×16 faces. */
export function tileElementOffset(row: number, col: number): number {
  const face = (row >> 4) * 2 + (col >> 4);
  return face * 256 + (row & 15) * 16 + (col & 15);
}

function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** One 16-value group: its exponent byte and 16 sign-magnitude bytes. */
function encodeBfp8Group(group: Float64Array, out: Buffer, exponentAt: number, mantissaAt: number): void {
  let exponent = -Infinity;
  for (const v of group) {
    const magnitude = Math.abs(Math.fround(v));
    if (magnitude !== 0 && Number.isFinite(magnitude)) exponent = Math.max(exponent, Math.floor(Math.log2(magnitude)));
  }
  if (exponent === -Infinity) return; // all zero: bytes stay 0
  // floor(log2) in floating point can be off by one next to powers of two; fix it exactly.
  for (const v of group) {
    const magnitude = Math.abs(Math.fround(v));
    if (magnitude !== 0 && Number.isFinite(magnitude) && magnitude >= 2 ** (exponent + 1)) exponent += 1;
  }
  out[exponentAt] = exponent + 127;
  group.forEach((v, i) => {
    const f = Math.fround(v);
    const magnitude = Math.min(127, Number.isFinite(f) ? roundHalfEven(Math.abs(f) * 2 ** (6 - exponent)) : 127);
    out[mantissaAt + i] = (f < 0 || Object.is(f, -0)) && magnitude !== 0 ? 0x80 | magnitude : magnitude;
  });
}

export function encodeTiles(values: Float64Array, rows: number, cols: number, format: TileFormat): Buffer {
  if (rows % 32 !== 0 || cols % 32 !== 0) throw new Error(`encodeTiles: ${rows}×${cols} is not a whole number of tiles`);
  if (format === 'Bfp8_b') return encodeBfp8Tiles(values, rows, cols);
  const tileBytes = TILE_BYTES[format];
  const tilesPerRow = cols / 32;
  const out = Buffer.alloc((rows / 32) * tilesPerRow * tileBytes);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const tile = (r >> 5) * tilesPerRow + (c >> 5);
      const element = tileElementOffset(r & 31, c & 31);
      const value = values[r * cols + c]!;
      if (format === 'Float32') out.writeFloatLE(value, tile * tileBytes + element * 4);
      else out.writeUInt16LE(bf16Bits(value), tile * tileBytes + element * 2);
    }
  }
  return out;
}

function encodeBfp8Tiles(values: Float64Array, rows: number, cols: number): Buffer {
  const tileBytes = TILE_BYTES.Bfp8_b;
  const tilesPerRow = cols / 32;
  const out = Buffer.alloc((rows / 32) * tilesPerRow * tileBytes);
  const group = new Float64Array(16);
  for (let tr = 0; tr < rows / 32; tr++) {
    for (let tc = 0; tc < tilesPerRow; tc++) {
      const base = (tr * tilesPerRow + tc) * tileBytes;
      for (let block = 0; block < 64; block++) {
        const face = block >> 4;
        const row = tr * 32 + (face >> 1) * 16 + (block & 15);
        const col = tc * 32 + (face & 1) * 16;
        for (let i = 0; i < 16; i++) group[i] = values[row * cols + col + i]!;
        encodeBfp8Group(group, out, base + block, base + 64 + block * 16);
      }
    }
  }
  return out;
}
