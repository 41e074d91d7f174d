// Pass: check each program against the core's L1 and DST capacity and fail with the per-core
// numbers when a plan does not fit. DST capacity in half-sync mode: 8 tiles with 16-bit DST,
// 4 with fp32_dest_acc_en. Pure function; returns diagnostics instead of throwing.

import { ARCHS } from '../../dsl/index.ts';
import type { Arch } from '../../dsl/config.ts';
import type { Diagnostic } from '../diagnostics.ts';
import type { L1Budget, ProgramPlan } from '../plan/plan.ts';

/** L1 below this address holds firmware, mailboxes and kernel text on tt-metal; the emulator reserves the same. */
export const L1_RESERVED_BYTES = 128 * 1024;

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
      const parts = program.circularBuffers.map((c) => `${c.name} ${c.bytes} B`).join(', ');
      problems.push({
        code: 'MG3101',
        severity: 'error',
        message: `the ${program.name} program needs ${program.l1BytesPerCore} B of L1 per core but ${l1.usableBytes} B are usable (${parts})`,
        hint: 'shorten seqLen, use fewer experts, or use bf16 instead of fp32 activations',
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
