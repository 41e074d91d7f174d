// Writes weights.bin, the device-layout weights the generated host uploads once at model creation:
//   "MOLEGENW", u32 version (1), u32 tensor count, then per tensor: u32 name length, name (UTF-8),
//   u32 byte size, the tile pages (already in the tensor's device format).
// Deterministic: tensors in plan order, no timestamps.

import type { Plan } from '../plan/plan.ts';
import { encodeTiles } from './tile-encoding.ts';

export function weightsFile(plan: Plan): Buffer {
  const weights = plan.tensors.filter((t) => t.role === 'weight');
  const parts: Buffer[] = [];
  const header = Buffer.alloc(16);
  header.write('MOLEGENW', 0, 'latin1');
  header.writeUInt32LE(1, 8);
  header.writeUInt32LE(weights.length, 12);
  parts.push(header);
  for (const tensor of weights) {
    if (!tensor.values) throw new Error(`weight tensor ${tensor.name} has no values`);
    const name = Buffer.from(tensor.name, 'utf8');
    const pages = encodeTiles(tensor.values, tensor.rows, tensor.cols, tensor.format);
    const lengths = Buffer.alloc(4);
    lengths.writeUInt32LE(name.length, 0);
    const size = Buffer.alloc(4);
    size.writeUInt32LE(pages.length, 0);
    parts.push(lengths, name, size, pages);
  }
  return Buffer.concat(parts);
}
