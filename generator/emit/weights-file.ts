// Writes weights.bin, the device-layout weights the generated host uploads once at model creation:
//   "MOLEGENW", u32 version (1), u32 tensor count, then per tensor: u32 name length, name (UTF-8),
//   u32 byte size, the tile pages (already in the tensor's device format).
// On a mesh, a tensor whose contents differ per chip (a channel split's router rows, say) is stored once
// per chip as "<name>@<row>,<col>" instead of once. Deterministic: tensors in plan order, chips row-major,
// no timestamps.

import type { DeviceTensor, Plan } from '../plan/plan.ts';
import { encodeTiles } from './tile-encoding.ts';

/** Per-chip contents of weight tensors: name → one tensor per chip, with the chips' coordinates. */
export type PerChipWeights = ReadonlyMap<string, ReadonlyArray<{ coord: [number, number]; tensor: DeviceTensor }>>;

export function weightsFile(plan: Plan, perChip: PerChipWeights = new Map()): Buffer {
  const weights = plan.tensors
    .filter((t) => t.role === 'weight')
    .flatMap((t) => perChip.get(t.name)?.map((c) => ({ name: `${t.name}@${c.coord[0]},${c.coord[1]}`, tensor: c.tensor })) ?? [{ name: t.name, tensor: t }]);
  const parts: Buffer[] = [];
  const header = Buffer.alloc(16);
  header.write('MOLEGENW', 0, 'latin1');
  header.writeUInt32LE(1, 8);
  header.writeUInt32LE(weights.length, 12);
  parts.push(header);
  for (const { name: entry, tensor } of weights) {
    if (!tensor.values) throw new Error(`weight tensor ${entry} has no values`);
    const name = Buffer.from(entry, 'utf8');
    const pages = encodeTiles(tensor.values, tensor.rows, tensor.cols, tensor.format);
    const lengths = Buffer.alloc(4);
    lengths.writeUInt32LE(name.length, 0);
    const size = Buffer.alloc(4);
    size.writeUInt32LE(pages.length, 0);
    parts.push(lengths, name, size, pages);
  }
  return Buffer.concat(parts);
}
