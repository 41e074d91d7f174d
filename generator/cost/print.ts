// Renders the cost model's view of a plan as text for `molegen inspect` and `molegen bench`:
// modeled device time and seq/s, the roofline bound and the ratio, per-program limiter and per-core
// streams of the slowest core, L1 use per core, and the written reason when the plan is far from
// the bound. Presentation only.

import type { Plan } from '../plan/plan.ts';
import type { ProgramTime } from './core-cost.ts';
import type { PlanCost } from './plan-cost.ts';

export const formatSeconds = (seconds: number): string =>
  seconds >= 1e-3 ? `${(seconds * 1e3).toFixed(2)} ms` : `${(seconds * 1e6).toFixed(1)} µs`;

function programLine(program: ProgramTime, clockHz: number): string[] {
  const us = (cycles: number): string => formatSeconds(cycles / clockHz);
  const core = program.slowestCore;
  const lines = [
    `  program ${program.name}: ${formatSeconds(program.seconds)} (device ${us(program.deviceCycles)} = busiest ${us(Math.max(program.coreCycles, program.dramCycles))} + fixed ${us(program.fixedCycles)}; plus dispatch), limiter: ${program.limiter}`,
  ];
  if (core) {
    lines.push(
      `    slowest core (${core.x},${core.y}): reader ${us(core.readerCycles)} (NoC ${us(core.readerTransferCycles)}, ${core.readBarriers} DRAM barriers, ${core.readSyncs} waits on other cores, scalar ${us(core.readerScalarCycles)}), ` +
        `compute ${us(core.computeCycles)} (${core.matmulTiles} matmul, ${core.eltwiseTiles} eltwise, ${core.sfpuTiles} sfpu, ${core.tilesPacked} packs), writer ${us(core.writerCycles)}`,
      `    DRAM: ${(program.dramBytes / 1024).toFixed(1)} KiB over all ${program.cores.length} cores (${us(program.dramCycles)} at sustained bandwidth)`,
    );
  }
  return lines;
}

export function printCost(plan: Plan, cost: PlanCost): string {
  const r = cost.roofline;
  const out = [
    `device cost model (${cost.device.card}, ${plan.grid[0]}×${plan.grid[1]} cores; constants and sources: generator/cost/device.ts):`,
    `  modeled time per forward: ${formatSeconds(cost.seconds)} (${cost.seqPerSecond.toFixed(0)} seq/s at batch ${plan.shape.batch}), ${plan.dispatch.kind === 'one program' ? 'one program (router, then experts on other cores; one launch)' : `${plan.programs.length} programs back to back`}`,
    `  roofline bound: ${formatSeconds(r.seconds)} = launch ${formatSeconds(r.launchSeconds)} + max(${(r.minBytes / 1024).toFixed(1)} KiB / peak DRAM = ${formatSeconds(r.memorySeconds)}, ${(r.flops / 1e6).toFixed(1)} MFLOP / peak FPU = ${formatSeconds(r.computeSeconds)}) — ${r.bound}-bound`,
    `  parts: ${cost.timeline}`,
    `  modeled / bound: ${cost.ratioToBound.toFixed(2)}×`,
    `  compute work: router ${(cost.workFloor.routerCoreSeconds * 1e6).toFixed(0)} core-µs + experts ${(cost.workFloor.expertsCoreSeconds * 1e6).toFixed(0)} core-µs; spread perfectly over ${cost.workFloor.cores} cores, with the launch: ${formatSeconds(cost.workFloor.seconds)} (${(cost.workFloor.seconds / r.seconds).toFixed(2)}× the bound; no schedule of these kernels is faster)`,
    `  L1 per core: ${(cost.l1BytesPerCore / 1024).toFixed(1)} KiB (peak over programs, as planned)`,
    `  bottleneck: ${cost.limiter}`,
  ];
  for (const program of cost.programs) out.push(...programLine(program, cost.device.clockHz.value));
  out.push(`  ${cost.ratioToBound <= 1.25 ? 'within bound' : 'why far from the bound'}: ${cost.reason}`);
  return out.join('\n');
}
