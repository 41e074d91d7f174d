// verify's table per chip of a mesh: each chip's share of the forecast and gates (the samples and channels
// the mesh layout gave it) against the same slice of the reference in device numerics — PCC, max abs error,
// allclose, and how many of its (sample, channel) pairs selected the same experts. Padding rows are not in
// any share, so they are never compared. Pure: the caller passes what it already has.

import type { MoleConfig } from '../../dsl/config.ts';
import { compareTensors } from '../../reference/compare.ts';
import type { MeshLayout } from '../plan/mesh.ts';

export interface ChipRow {
  coord: [number, number];
  batch: [number, number];
  channels: [number, number];
  pcc: number;
  maxAbs: number;
  allclose: boolean;
  topKAgree: number;
  pairs: number;
  pass: boolean;
}

export function perChipRows(
  config: MoleConfig,
  layout: MeshLayout,
  device: { y: ArrayLike<number>; gates: ArrayLike<number> },
  reference: { y: ArrayLike<number>; gates: ArrayLike<number> },
  tolerances: { rtol: number; atol: number; pccMin: number },
): ChipRow[] {
  const P = config.predLen;
  const C = config.input.channels;
  const K = config.experts.count;
  return layout.shares.map((share) => {
    const actual: number[] = [];
    const expected: number[] = [];
    let topKAgree = 0;
    let pairs = 0;
    for (let b = share.batch[0]; b < share.batch[1]; b++) {
      for (let c = share.channels[0]; c < share.channels[1]; c++) {
        for (let p = 0; p < P; p++) {
          actual.push(device.y[(b * P + p) * C + c]!);
          expected.push(reference.y[(b * P + p) * C + c]!);
        }
        let same = true;
        for (let k = 0; k < K; k++) same &&= (device.gates[(b * C + c) * K + k]! !== 0) === (reference.gates[(b * C + c) * K + k]! !== 0);
        if (same) topKAgree++;
        pairs++;
      }
    }
    const c = compareTensors(actual, expected, tolerances);
    return { coord: share.coord, batch: share.batch, channels: share.channels, pcc: c.pcc, maxAbs: c.maxAbs, allclose: c.allclose, topKAgree, pairs, pass: c.pass && topKAgree === pairs };
  });
}

export function formatChipTable(rows: ChipRow[]): string {
  const head = ['chip', 'samples', 'channels', 'PCC vs device numerics', 'max abs err', 'allclose', 'top-k identical', 'result'];
  const body = rows.map((r) => [
    `(${r.coord[0]},${r.coord[1]})`,
    `[${r.batch[0]}, ${r.batch[1]})`,
    `[${r.channels[0]}, ${r.channels[1]})`,
    r.pcc.toFixed(7),
    r.maxAbs.toExponential(3),
    r.allclose ? 'yes' : 'no',
    `${r.topKAgree}/${r.pairs}`,
    r.pass ? 'PASS' : 'FAIL',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}
