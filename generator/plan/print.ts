// Renders a Plan as the text `molegen inspect` prints: shapes, tensors, per-program cores and
// their work, circular buffers with bytes, L1 use per core. Presentation only.

import type { Plan, ProgramPlan } from './plan.ts';

const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;

function workSummary(program: ProgramPlan): string[] {
  const lines: string[] = [];
  const byCount = new Map<number, number>();
  for (const w of program.work) byCount.set(w.numTiles, (byCount.get(w.numTiles) ?? 0) + 1);
  const split = [...byCount.entries()].map(([tiles, cores]) => `${cores} core(s) × ${tiles} tile(s)`).join(' + ');
  lines.push(`  work: ${program.totalTiles} tiles (${program.unit}) on ${program.work.length} cores: ${split}`);
  for (const w of program.work) {
    const last = w.firstTile + w.numTiles - 1;
    lines.push(`    core (${w.x},${w.y}): tiles ${w.firstTile}${w.numTiles > 1 ? `..${last}` : ''}`);
  }
  return lines;
}

export function printPlan(plan: Plan): string {
  const s = plan.shape;
  const t = plan.tiles;
  const out: string[] = [];
  out.push(`plan for ${plan.name} on ${plan.arch}, grid ${plan.grid[0]}×${plan.grid[1]}`);
  out.push(`  model: MoLE-DLinear B=${s.batch} L=${s.seqLen} P=${s.predLen} C=${s.channels} K=${s.experts} F=${s.features} H=${s.hidden}`);
  out.push(`  numerics: activations ${plan.numerics.activation}, weights ${plan.numerics.weight}, ${plan.numerics.mathFidelity}, fp32DestAcc=${plan.numerics.fp32DestAcc}`);
  out.push(`  tiles: series St=${t.seriesTiles} input Lt=${t.inputTiles} horizon Pt=${t.horizonTiles} batch Bt=${t.batchTiles} features Ft=${t.featureTiles} hidden Ht=${t.hiddenTiles} logits Zt=${t.logitTiles}`);
  out.push('tensors (DRAM, interleaved by tile):');
  for (const tensor of plan.tensors) {
    const tiles = (tensor.rows / 32) * (tensor.cols / 32);
    out.push(`  ${tensor.name.padEnd(15)} ${tensor.role.padEnd(12)} [${tensor.rows} × ${tensor.cols}] ${tensor.format.padEnd(9)} ${tiles} tiles  ${tensor.layout}`);
  }
  for (const program of plan.programs) {
    out.push(`program ${program.name}:`);
    out.push(...workSummary(program));
    out.push(`  circular buffers (per core, ${kib(program.l1BytesPerCore)}):`);
    for (const cb of program.circularBuffers) {
      out.push(`    c_${String(cb.index).padEnd(2)} ${cb.name.padEnd(13)} ${String(cb.pages).padStart(4)} × ${cb.pageBytes} B ${cb.format.padEnd(9)} = ${kib(cb.bytes).padStart(10)}  ${cb.why}`);
    }
    out.push(`  DST: ${program.dstTilesUsed} of ${program.dstCapacity} tiles (${program.fp32DestAcc ? 'fp32' : '16-bit'} accumulation)`);
  }
  out.push(`L1 per core: peak ${kib(plan.l1.peakBytes)} of ${kib(plan.l1.usableBytes)} usable (${kib(plan.l1.bytesPerCore)} total, ${kib(plan.l1.reservedBytes)} reserved)`);
  out.push('notes:');
  for (const note of plan.notes) out.push(`  - ${note}`);
  return out.join('\n');
}
