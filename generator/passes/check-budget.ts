// Pass: check each program against the core's L1 and DST capacity and fail with the per-core
// numbers when a plan does not fit. DST capacity in half-sync mode: 8 tiles with 16-bit DST,
// 4 with fp32_dest_acc_en. Pure function; returns diagnostics instead of throwing.

import { ARCHS } from '../../dsl/index.ts';
import type { Arch } from '../../dsl/config.ts';
import type { Diagnostic } from '../diagnostics.ts';
import type { DeviceTensor, L1Budget, ProgramPlan } from '../plan/plan.ts';
import { isL1Interleaved, isSharded, TILE_BYTES } from '../plan/plan.ts';

/** L1 below this address holds firmware, mailboxes and kernel text on tt-metal (the emulator reserves
 *  96 KiB; the plan keeps a margin on top so a plan that fits here fits there). */
export const L1_RESERVED_BYTES = 128 * 1024;

/** Bytes one core holds of the L1-interleaved tensors: each tensor's pages per bank — one bank per worker core, `banks` of them. */
export function l1InterleavedBytesPerCore(tensors: DeviceTensor[], banks: number): number {
  let bytes = 0;
  for (const t of tensors) {
    if (!isL1Interleaved(t.placement)) continue;
    bytes += Math.ceil(((t.rows / 32) * (t.cols / 32) * t.replicas) / banks) * TILE_BYTES[t.format];
  }
  return bytes;
}

/** Bytes one core holds of the tensors placed in L1: the largest shard of each sharded one (every core allocates it), and the L1-interleaved pages of its bank. */
export function l1TensorBytesPerCore(tensors: DeviceTensor[], banks: number): number {
  let bytes = l1InterleavedBytesPerCore(tensors, banks);
  for (const t of tensors) {
    if (!isSharded(t.placement)) continue;
    bytes += t.placement.shardTiles[0] * t.placement.shardTiles[1] * TILE_BYTES[t.format];
  }
  return bytes;
}

export function dstCapacity(fp32DestAcc: boolean): number {
  return fp32DestAcc ? 4 : 8;
}

export function l1Budget(arch: Arch, programs: ProgramPlan[]): L1Budget {
  const bytesPerCore = ARCHS[arch].l1BytesPerCore;
  return {
    bytesPerCore,
    reservedBytes: L1_RESERVED_BYTES,
    usableBytes: bytesPerCore - L1_RESERVED_BYTES,
    peakBytes: Math.max(...programs.map((p) => p.l1BytesPerCore)),
  };
}

export function checkBudget(l1: L1Budget, programs: ProgramPlan[]): Diagnostic[] {
  const problems: Diagnostic[] = [];
  for (const program of programs) {
    if (program.l1BytesPerCore > l1.usableBytes) {
      const parts = program.circularBuffers.filter((c) => c.bytes > 0).map((c) => `${c.name} ${c.bytes} B`).join(', ');
      const tensors = program.l1BytesPerCore - program.circularBuffers.reduce((n, c) => n + c.bytes, 0);
      problems.push({
        code: 'MG3101',
        severity: 'error',
        message: `the ${program.name} program needs ${program.l1BytesPerCore} B of L1 per core but ${l1.usableBytes} B are usable (${parts}${tensors > 0 ? `, L1 tensors ${tensors} B` : ''})`,
        hint: 'use more cores, keep the weights in DRAM (sharding weights: "dram"), use bfp8_b weights, or shorten seqLen / use fewer experts',
      });
    }
    if (program.dstTilesUsed > program.dstCapacity) {
      problems.push({
        code: 'MG3102',
        severity: 'error',
        message: `the ${program.name} program holds ${program.dstTilesUsed} DST tiles but only ${program.dstCapacity} fit`,
      });
    }
  }
  return problems;
}
