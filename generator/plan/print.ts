// Renders a Plan as the text `molegen inspect` prints: shapes, tensors and where they live,
// per-program cores and their work, circular buffers with bytes, L1 and DST use per core, and the
// planner's notes. Presentation only.

import { isOwner } from '../passes/expert-helpers.ts';
import type { CoreWork, DeviceTensor, Plan, ProgramPlan } from './plan.ts';
import { tileCount } from './plan.ts';

const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;
const plural = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;
const span = ([a, b]: [number, number]): string => (b - a === 1 ? `${a}` : `${a}..${b - 1}`);

function placement(tensor: DeviceTensor): string {
  const p = tensor.placement;
  if (p.memory === 'dram') return 'DRAM interleaved';
  if (p.layout === 'interleaved') return 'L1 interleaved over every core';
  const copies = tensor.replicas > 1 ? `, ${tensor.replicas} copies` : '';
  return `L1 ${p.layout}-sharded on ${plural(p.cores.length, 'core')}, shard ${p.shardTiles[0]}×${p.shardTiles[1]} tiles${copies}`;
}

const emptyOr = ([a, b]: [number, number], noun: string): string => (b <= a ? `no ${noun}s` : `${b - a === 1 ? noun : `${noun}s`} ${span([a, b])}`);

function routerWorkSummary(program: ProgramPlan): string[] {
  const rows = program.tileGrid[0];
  const logitTiles = program.logitTiles!.reduce((n, [a, b]) => n + b - a, 0);
  const perRow = logitTiles === 0;
  const lines = [
    perRow
      ? `  work on ${plural(program.work.length, 'core')}: the logits and gates of ${plural(rows, 'series-tile row')}`
      : `  work on ${plural(program.work.length, 'core')}: ${plural(logitTiles, 'logit tile')} of [batch × K·C], then the gates of ${plural(rows, 'series-tile row')}`,
  ];
  const show = (w: CoreWork, i: number) => (perRow ? `    core (${w.x},${w.y}): ${emptyOr(w.rows, 'row')}` : `    core (${w.x},${w.y}): ${emptyOr(program.logitTiles![i]!, 'logit tile')}, then ${emptyOr(w.rows, 'row')}`);
  const all = program.work.map(show);
  return [...lines, ...(all.length > 16 ? [...all.slice(0, 12), `    … ${all.length - 14} more …`, ...all.slice(-2)] : all)];
}

function workSummary(program: ProgramPlan): string[] {
  if (program.logitTiles) return routerWorkSummary(program);
  const total = program.tileGrid[0] * program.tileGrid[1];
  // With expert groups only the owners (first expert 0) hold output tiles; helpers add experts to them.
  const owners = program.work.filter(isOwner);
  const byCount = new Map<number, number>();
  for (const w of owners) byCount.set(tileCount(w), (byCount.get(tileCount(w)) ?? 0) + 1);
  const split = [...byCount.entries()].map(([tiles, cores]) => `${plural(cores, 'core')} × ${plural(tiles, 'tile')}`).join(' + ');
  const helpers = program.work.length - owners.length;
  const lines = [
    `  work: ${plural(total, 'tile')} (${program.unit}) on ${plural(owners.length, 'core')}: ${split}${helpers > 0 ? `; ${plural(helpers, 'helper core')} form some of their experts' partial forecasts` : ''}`,
  ];
  const experts = (w: CoreWork): string => (w.experts ? `, experts ${span(w.experts)}${w.experts[0] > 0 ? ' (helper)' : ''}` : '');
  const show = (w: CoreWork) => `    core (${w.x},${w.y}): rows ${span(w.rows)} × cols ${span(w.cols)}${experts(w)}`;
  const shown = program.work.length > 16 ? [...program.work.slice(0, 12).map(show), `    … ${program.work.length - 14} more …`, ...program.work.slice(-2).map(show)] : program.work.map(show);
  return [...lines, ...shown];
}

export function printPlan(plan: Plan): string {
  const s = plan.shape;
  const t = plan.tiles;
  const kindName = { dlinear: 'MoLE-DLinear', rlinear: 'MoLE-RLinear', rmlp: 'MoLE-RMLP' }[plan.kind] + (plan.individual ? ' (per-channel experts)' : '');
  const out: string[] = [];
  out.push(`plan for ${plan.name} on ${plan.arch}, grid ${plan.grid[0]}×${plan.grid[1]}, sharding ${plan.sharding.strategy}, weights in ${plan.sharding.weights.toUpperCase()}`);
  out.push(`  model: ${kindName} B=${s.batch} L=${s.seqLen} P=${s.predLen} C=${s.channels} K=${s.experts} top-${s.topK} F=${s.features} (${plan.routerInput}) H=${s.hidden}${s.mlpWidth ? ` D=${s.mlpWidth}` : ''}`);
  out.push(`  numerics: activations ${plan.numerics.activation}, weights ${plan.numerics.weight}, ${plan.numerics.mathFidelity}, fp32DestAcc=${plan.numerics.fp32DestAcc}`);
  out.push(`  tiles: series St=${t.seriesTiles} input Lt=${t.inputTiles} horizon Pt=${t.horizonTiles} batch Bt=${t.batchTiles} features Ft=${t.featureTiles} hidden Ht=${t.hiddenTiles} logits Zt=${t.logitTiles}${t.mlpTiles ? ` mlp Dt=${t.mlpTiles}` : ''}`);
  out.push('tensors:');
  for (const tensor of plan.tensors) {
    const tiles = (tensor.rows / 32) * (tensor.cols / 32);
    out.push(`  ${tensor.name.padEnd(15)} ${tensor.role.padEnd(12)} [${tensor.rows} × ${tensor.cols}] ${tensor.format.padEnd(9)} ${plural(tiles, 'tile').padEnd(10)} ${placement(tensor)}; ${tensor.layout}`);
  }
  out.push(`dispatch: ${plan.dispatch.kind} per forward — ${plan.dispatch.why}`);
  out.push(`router logits: ${plan.routerLogits.kind} — ${plan.routerLogits.why}`);
  for (const program of plan.programs) {
    out.push(`${plan.dispatch.kind === 'one program' ? 'kernels' : 'program'} ${program.name}:`);
    out.push(...workSummary(program));
    const variants = Object.entries(program.defines).filter(([, d]) => d.length > 0).map(([role, d]) => `${role} ${d.join(' ')}`);
    if (variants.length > 0) out.push(`  kernel variants: ${variants.join('; ')}`);
    out.push(`  circular buffers (per core):`);
    for (const cb of program.circularBuffers) {
      const size = cb.onTensor ? `on ${cb.onTensor}'s shard` : kib(cb.bytes);
      out.push(`    c_${String(cb.index).padEnd(2)} ${cb.name.padEnd(13)} ${String(cb.pages).padStart(4)} × ${cb.pageBytes} B ${cb.format.padEnd(9)} = ${size.padStart(10)}  ${cb.why}`);
    }
    out.push(`  L1 per core: ${kib(program.l1BytesPerCore)} (circular buffers and L1 tensors)`);
    out.push(`  DST: ${program.dstTilesUsed} of ${program.dstCapacity} tiles (${program.fp32DestAcc ? 'fp32' : '16-bit'} accumulation)`);
  }
  out.push(`L1 per core: peak ${kib(plan.l1.peakBytes)} of ${kib(plan.l1.usableBytes)} usable (${kib(plan.l1.bytesPerCore)} total, ${kib(plan.l1.reservedBytes)} reserved)`);
  out.push('notes:');
  for (const note of plan.notes) out.push(`  - ${note}`);
  return out.join('\n');
}
