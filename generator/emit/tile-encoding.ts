// Encodes padded fp64 matrices as tt-metal tile pages: 32×32 tiles in row-major tile order, each
// tile four 16×16 faces (F0 F1 F2 F3), each face row-major; elements as Float16_b (bf16, round to
// nearest even) or Float32, little-endian. Exactly what tilize_nfaces produces on the host.
// Bfp8_b is not emitted by this slice (the planner refuses bfp8_b weights).

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

export function encodeTiles(values: Float64Array, rows: number, cols: number, format: TileFormat): Buffer {
  if (rows % 32 !== 0 || cols % 32 !== 0) throw new Error(`encodeTiles: ${rows}×${cols} is not a whole number of tiles`);
  if (format === 'Bfp8_b') throw new Error('encodeTiles: Bfp8_b is not supported by this code generator yet');
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
