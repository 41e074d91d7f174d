// Runs the lowering passes in order and assembles the Plan:
//   lower → deinterleave heads → fold DLinear → tile counts + device tensors → split work →
//   size circular buffers → check L1/DST.
// Each step is a pure function in generator/passes; this file only sequences them.

import type { MoleConfig } from '../../dsl/config.ts';
import type { StateDict } from '../../reference/weights.ts';
import { MolegenError } from '../diagnostics.ts';
import { lowerToIR } from '../ir/lower.ts';
import { checkBudget, dstCapacity, l1Budget } from '../passes/check-budget.ts';
import { deinterleaveHeads } from '../passes/deinterleave-heads.ts';
import { foldDLinear } from '../passes/fold-dlinear.ts';
import { activationFormat, layoutTensors, tileCounts, weightFormat } from '../passes/layout-tensors.ts';
import { expertsCircularBuffers, routerCircularBuffers } from '../passes/size-circular-buffers.ts';
import { splitWork } from '../passes/split-work.ts';
import type { CircularBufferPlan, Plan, ProgramPlan } from './plan.ts';

const sumBytes = (cbs: CircularBufferPlan[]): number => cbs.reduce((total, cb) => total + cb.bytes, 0);

export function makePlan(config: MoleConfig, stateDict: StateDict): Plan {
  const ir = foldDLinear(deinterleaveHeads(lowerToIR(config, stateDict)));
  const tiles = tileCounts(ir);
  const grid = config.target.grid;

  const routerCbs = routerCircularBuffers(tiles);
  const expertCbs = expertsCircularBuffers(tiles, ir.shape.experts, activationFormat(ir), weightFormat(ir));
  const programs: ProgramPlan[] = [
    {
      name: 'router',
      unit: 'one 32×32 tile of logits [batch × K·C]',
      totalTiles: tiles.batchTiles * tiles.logitTiles,
      work: splitWork(tiles.batchTiles * tiles.logitTiles, grid),
      circularBuffers: routerCbs,
      l1BytesPerCore: sumBytes(routerCbs),
      dstTilesUsed: 1,
      dstCapacity: dstCapacity(true),
      fp32DestAcc: true,
    },
    {
      name: 'experts',
      unit: 'one 32×32 tile of the forecast [B·C series × P]',
      totalTiles: tiles.seriesTiles * tiles.horizonTiles,
      work: splitWork(tiles.seriesTiles * tiles.horizonTiles, grid),
      circularBuffers: expertCbs,
      l1BytesPerCore: sumBytes(expertCbs),
      dstTilesUsed: 1,
      dstCapacity: dstCapacity(ir.numerics.fp32DestAcc),
      fp32DestAcc: ir.numerics.fp32DestAcc,
    },
  ];
  const l1 = l1Budget(config.target.arch, programs);
  const problems = checkBudget(l1, programs);
  if (problems.length > 0) throw new MolegenError(problems);

  const notes = [
    'DLinear moving average folded into the expert weights (W_eff = Ws + (Wt − Ws)·A); the device never computes it.',
    'Biases ride inside the matmuls: constant-1 input columns meet bias rows of the weights.',
    'Gates are applied before the matmul (diag(g_k)·X), so all experts accumulate in one DST tile.',
    'Router matmuls in fp32 (Float32 tiles, fp32 DST); softmax in fp32 on the experts reader.',
  ];
  if (config.sharding.strategy === 'auto') notes.push('sharding auto(): interleaved DRAM tensors is the only strategy of this slice.');

  return {
    name: config.name,
    arch: config.target.arch,
    grid,
    shape: ir.shape,
    numerics: ir.numerics,
    tiles,
    logitLayout: { channelStride: ir.router.channelStride, expertStride: ir.router.expertStride },
    tensors: layoutTensors(ir, tiles),
    programs,
    l1,
    notes,
  };
}
