// Renders the mesh parts of the generated host from the mesh layout: the model's input/output shape (the
// whole batch and every channel, where DeviceShape is one chip's share), the table of chip shares that
// forward() scatters and gathers by, how the mesh is opened, and the phrases the comments use. One chip is
// the 1×1 case of the same code. Strings only: the shares themselves come from generator/plan/mesh.ts.

import type { MoleConfig } from '../../dsl/config.ts';
import type { MeshLayout } from '../plan/mesh.ts';
import type { Plan } from '../plan/plan.ts';
import { meshTopology } from '../cost/mesh-links.ts';
import { constantLines, u32 } from './cpp.ts';

const chips = (layout: MeshLayout): number => layout.shape[0] * layout.shape[1];

/** "one chip" or "a 2×4 mesh of 8 chips (T3K)". */
export function meshDescription(layout: MeshLayout): string {
  if (chips(layout) === 1) return 'one chip';
  const [rows, cols] = layout.shape;
  const system = meshTopology(rows, cols).system;
  const named = ['N300', 'T3K', 'Galaxy'].includes(system) ? ` (${system})` : '';
  return `a ${rows}x${cols} mesh of ${chips(layout)} chips${named}`;
}

/** What DeviceShape describes, for its comment. */
export function shareDescription(layout: MeshLayout): string {
  if (chips(layout) === 1) return 'the whole batch and every channel (one chip)';
  const padding = layout.padding > 0 ? `, the last chips padded with ${layout.padding} zero ${layout.split === 'batch' ? 'sample' : 'channel'}${layout.padding === 1 ? '' : 's'}` : '';
  return layout.split === 'batch'
    ? `${layout.share.batch} of the ${layout.batch} samples with every channel (split 'batch'${padding})`
    : `${layout.share.channels} of the ${layout.channels} channels of every sample (split 'channels'${padding})`;
}

export function modelShapeConstants(config: MoleConfig, plan: Plan): string {
  return constantLines([
    ['kBatch', config.batch, 'B'],
    ['kSeqLen', config.input.seqLen, 'L'],
    ['kPredLen', config.predLen, 'P'],
    ['kChannels', config.input.channels, 'C'],
    ['kExperts', config.experts.count, 'K'],
    ['kFeatures', plan.routerInput === 'time' ? plan.shape.features : 0, 'F, router time features (0: the router reads window statistics)'],
  ]);
}

export function deviceSharesTable(layout: MeshLayout): string {
  const rows = layout.shares.map(
    (s) => `    {${[s.coord[0], s.coord[1], s.batch[0], s.batch[1], s.channels[0], s.channels[1]].map(u32).join(', ')}},`,
  );
  return [`constexpr std::array<DeviceShare, ${layout.shares.length}> kDeviceShares = {{`, ...rows, '}};'].join('\n');
}

/** The body of open_mesh_device(device_id). */
export function openMesh(layout: MeshLayout): string {
  if (chips(layout) === 1) return '    return distributed::MeshDevice::create_unit_mesh(device_id);';
  const [rows, cols] = layout.shape;
  return [
    '    if (device_id != 0) {',
    `        throw std::invalid_argument("${meshDescription(layout)} opens the system mesh from its first chip; device_id must be 0");`,
    '    }',
    `    return distributed::MeshDevice::create(distributed::MeshDeviceConfig(distributed::MeshShape(${u32(rows)}, ${u32(cols)})));`,
  ].join('\n');
}
