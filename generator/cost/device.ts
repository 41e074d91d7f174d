// The cost model's hardware table: every constant the device cost model uses, per target card, with
// its value, unit and where it comes from. Sources are tt-metal's published tech reports (commit
// named beside each figure), the Tenstorrent ISA notes, or — marked "fitted" or "assumed" — a figure
// derived from published measurements or an estimate where nothing is published. Data only: no
// model logic lives here, and nothing else in generator/cost may hard-code a hardware number.

import type { Arch, MathFidelity } from '../../dsl/config.ts';

/** One constant of the table. */
export interface Sourced {
  value: number;
  unit: string;
  source: string;
}

export interface DeviceConstants {
  card: string;
  clockHz: Sourced;
  gridX: Sourced;
  gridY: Sourced;
  dramBanks: Sourced;
  /** Spec DRAM bandwidth: the roofline's memory roof. */
  dramPeakBytesPerSecond: Sourced;
  /** Best measured aggregate read bandwidth: the modeled program's DRAM stream. */
  dramSustainedBytesPerSecond: Sourced;
  /** Bytes one NoC link moves per cycle: a core's own read/write rate. */
  nocBytesPerCycle: Sourced;
  /** Issue to data-back time of one DRAM read (also used for a write's acknowledgement to DRAM). */
  dramLatencyCycles: Sourced;
  /**
   * Round trip between two Tensix cores on one NoC: a request out and its acknowledgement (or response) back — what a
   * write to another core's L1, a semaphore increment, or a read from another core's L1 waits for.
   */
  nocRoundTripCycles: Sourced;
  /** RISC-V cycles to issue one tile-sized NoC read or write (address generation, command buffer). */
  nocIssueCycles: Sourced;
  /** FLOPs per cycle per core of the matrix engine at LoFi. */
  matmulFlopsPerCycleLoFi: Sourced;
  /** Ideal FPU cycles per 32×32×32 tile matmul per fidelity. */
  matmulCyclesPerTile: Record<MathFidelity, Sourced>;
  /** Fraction of ideal matrix-engine throughput a well-fed core sustains. */
  mathEfficiency: Sourced;
  /** Bytes per cycle the unpackers (L1 → source registers) move; bounds low-fidelity matmuls. */
  unpackBytesPerCycle: Sourced;
  /** Bytes per cycle the packer moves DST → L1. */
  packBytesPerCycle: Sourced;
  /** Cycles of one element-wise binary tile op per fidelity phase. */
  eltwiseCyclesPerPhase: Sourced;
  /** Cycles of one simple SFPU op (relu) over a tile. */
  sfpuCyclesPerTile: Sourced;
  /** Cycles of one multi-pass SFPU function (exp, reciprocal, sqrt) over a tile. */
  sfpuTranscendentalCyclesPerTile: Sourced;
  /** Device time a program costs beyond its cores' streams: kernel start, pipeline fill, drain. */
  programFixedCycles: Sourced;
  /** Gap per program between device runs with a captured trace (host dispatch of one program). */
  dispatchSeconds: Sourced;
  /** Throughput of sustained RISC-V stores to L1 (cycles per 32-bit store). */
  l1StoreCycles: Sourced;
  /** Latency of one RISC-V load from L1. */
  l1LoadCycles: Sourced;
  /** Cycles of one scalar fp32 add/mul/compare on a data-movement RISC-V. */
  scalarFloatOpCycles: Sourced;
  /** Cycles of one scalar fp32 division. */
  scalarFloatDivideCycles: Sourced;
}

const GEMM = 'tt-metal tech_reports/GEMM_FLOPS/GEMM_FLOPS.md @06bd3735';
const DRAM_WH = 'tt-metal tech_reports/Saturating_DRAM_bandwidth/Saturating_DRAM_bandwidth.md @0c3eb94a';
const DRAM_BH = 'tt-metal tech_reports/Saturating_DRAM_bandwidth/Saturating_DRAM_bandwidth_Blackhole.md @7ffb007c';
const RISCV_WH = 'jasondavies/tt-isa-documentation WormholeB0/TensixTile/BabyRISCV/README.md';
const RISCV_BH = 'jasondavies/tt-isa-documentation BlackholeA0/TensixTile/BabyRISCV/README.md';
const NOC_WH = 'jasondavies/tt-isa-documentation WormholeB0/NoC/README.md and Coordinates.md';
const NOC_BH = 'jasondavies/tt-isa-documentation BlackholeA0/NoC/README.md and Coordinates.md';

const s = (value: number, unit: string, source: string): Sourced => ({ value, unit, source });

const FIDELITY_CYCLES = (arch: string): Record<MathFidelity, Sourced> => ({
  LoFi: s(16, 'cycles/tile', `${GEMM}: "Cycle_per_tile ... LoFi: 16" (${arch})`),
  HiFi2: s(32, 'cycles/tile', `${GEMM}: "HiFi2: 32"`),
  HiFi3: s(48, 'cycles/tile', `${GEMM}: "HiFi3: 48"`),
  HiFi4: s(64, 'cycles/tile', `${GEMM}: "HiFi4: 64"`),
});

export const DEVICES: Readonly<Record<Arch, DeviceConstants>> = {
  wormhole_b0: {
    card: 'Wormhole n150',
    clockHz: s(1e9, 'Hz', `${GEMM}: "At 1GHz (WH), this is 4 TFLOPS per matrix engine"`),
    gridX: s(8, 'cores', `${GEMM}: "full grid size (8×8 in Wormhole ...)"`),
    gridY: s(8, 'cores', `${GEMM}: "full grid size (8×8 in Wormhole ...)"`),
    dramBanks: s(12, 'banks', `${DRAM_WH}: "on Wormhole there are 12 DRAM banks"`),
    dramPeakBytesPerSecond: s(288e9, 'B/s', `${DRAM_WH}: table "DRAM spec speed 288 (@12GBps)"`),
    dramSustainedBytesPerSecond: s(267e9, 'B/s', `${DRAM_WH}: table "DRAM u-benchmark 267 (@12GBps)"`),
    nocBytesPerCycle: s(32, 'B/cycle', `${DRAM_BH}: table "NOC payload width ... Wormhole b0 256 bits (32 B/word)"`),
    dramLatencyCycles: s(450, 'cycles', `assumed: no Wormhole figure is published; the Blackhole round trip derived in ${DRAM_BH} (~450 ns) taken at 1 GHz`),
    nocRoundTripCycles: s(218, 'cycles', `derived: ${NOC_WH}: "NIU to directly connected router ~5 cycles", "Router to neighbouring router 9 cycles", "Router to directly connected NIU ~5 cycles"; each NoC is a one-way 10×12 torus, so a request and its response on it close both rings (10 + 12 router hops) for two cores in different rows and columns (fewer otherwise; taken for every pair): 4 × 5 + 22 × 9`),
    nocIssueCycles: s(20, 'cycles', 'assumed: no published figure; small next to the DRAM latency'),
    matmulFlopsPerCycleLoFi: s(4096, 'FLOP/cycle', `${GEMM}: "8x16 x 16x16 ... 2*8*16*16 = 4096 multiply-adds in a single cycle"`),
    matmulCyclesPerTile: FIDELITY_CYCLES('WH'),
    mathEfficiency: s(0.91, 'ratio', `fitted: ${GEMM} N150 manually tuned, BF16 HiFi4 16384³, device based utilization 91.45%`),
    unpackBytesPerCycle: s(93.5, 'B/cycle', `fitted: ${GEMM} N150 manually tuned, BF16 HiFi2 8192³, device based utilization 66.47% (two 2048 B tiles per tile-op in 48.1 cycles × 0.91)`),
    packBytesPerCycle: s(93.5, 'B/cycle', 'assumed: equal to the unpack rate (no published packer figure)'),
    eltwiseCyclesPerPhase: s(8, 'cycles/tile', 'tt-metal tech_reports/matrix_engine/matrix_engine.md: eltwise "8x16 per cycle" → 1024/128 cycles per 32×32 tile'),
    sfpuCyclesPerTile: s(64, 'cycles/tile', 'assumed: 32-lane SFPU, about two instructions per 32 elements'),
    sfpuTranscendentalCyclesPerTile: s(1024, 'cycles/tile', 'assumed: counted from the tt-llk sources at the pinned commit — about 20 (reciprocal, sqrt) to 40 (fp32 exp) SFPU instructions per 32-lane row, 32 rows per tile, one instruction per cycle'),
    programFixedCycles: s(800, 'cycles', `fitted: ${GEMM} N150 manually tuned 512³ rows (BF16 HiFi4/HiFi2, BFP8 HiFi2/LoFi): device time minus the modeled streams`),
    dispatchSeconds: s(3.0e-6, 's', `fitted: ${GEMM} N150 manually tuned 512³ rows with trace: inference time minus device time (2.6–3.5 µs)`),
    l1StoreCycles: s(5, 'cycles/store', `${RISCV_WH}: "Throughput of sustained stores to L1 is at most one store every five cycles"`),
    l1LoadCycles: s(8, 'cycles', `${RISCV_WH}: L1 load latency "≥ 8"`),
    scalarFloatOpCycles: s(50, 'cycles/op', `assumed: ${RISCV_WH} says the cores implement RV32IM (no F), so fp32 is libgcc soft-float, ~50 instructions per add/mul at ≤1 per cycle`),
    scalarFloatDivideCycles: s(150, 'cycles/op', 'assumed: soft-float division, about three soft-float multiplies'),
  },
  blackhole: {
    card: 'Blackhole p150',
    clockHz: s(1.35e9, 'Hz', `${GEMM}: "At 1.35GHz (BH), this is 5.4 TFLOPS per matrix engine"`),
    gridX: s(13, 'cores', `${GEMM}: "Blackhole supporting up to 13x10"`),
    gridY: s(10, 'cores', `${GEMM}: "Blackhole supporting up to 13x10"`),
    dramBanks: s(8, 'banks', `${DRAM_BH}: table "DRAM banks 8 (GDDR6)"`),
    dramPeakBytesPerSecond: s(512e9, 'B/s', `${DRAM_BH}: table "Theoretical peak DRAM BW 512 GB/s"`),
    dramSustainedBytesPerSecond: s(500e9, 'B/s', `${DRAM_BH}: "bank-adjacent optimal NOC0 placement ... 500 GB/s ~98%"`),
    nocBytesPerCycle: s(64, 'B/cycle', `${DRAM_BH}: table "NOC payload width 512 bits (64 B/word)"`),
    dramLatencyCycles: s(606, 'cycles', `fitted: ${DRAM_BH} depth-1 reads of 16 KB packets reach 186 GB/s on 8 cores: 951 cycles per read minus 346 cycles of transfer at the 47.4 B/cycle bank ceiling`),
    nocRoundTripCycles: s(281, 'cycles', `derived: ${NOC_BH}: NIU ↔ router ~5 cycles, router to neighbouring router 9 cycles; each NoC is a one-way 17×12 torus, so a request and its response close both rings (17 + 12 router hops) for two cores in different rows and columns (taken for every pair): 4 × 5 + 29 × 9`),
    nocIssueCycles: s(20, 'cycles', 'assumed: no published figure; small next to the DRAM latency'),
    matmulFlopsPerCycleLoFi: s(4096, 'FLOP/cycle', `${GEMM}: "8x16 x 16x16 ... 4096 multiply-adds in a single cycle"`),
    matmulCyclesPerTile: FIDELITY_CYCLES('BH'),
    mathEfficiency: s(0.944, 'ratio', `fitted: ${GEMM} P150 manually tuned, BF16 HiFi4 20480×26624×26624, device based utilization 94.44%`),
    unpackBytesPerCycle: s(120, 'B/cycle', `fitted: ${GEMM} P150 manually tuned, BF16 HiFi2 20480×26624×26624, device based utilization 88.66%`),
    packBytesPerCycle: s(120, 'B/cycle', 'assumed: equal to the unpack rate (no published packer figure)'),
    eltwiseCyclesPerPhase: s(8, 'cycles/tile', 'tt-metal tech_reports/matrix_engine/matrix_engine.md: eltwise "8x16 per cycle"'),
    sfpuCyclesPerTile: s(64, 'cycles/tile', 'assumed: 32-lane SFPU, about two instructions per 32 elements'),
    sfpuTranscendentalCyclesPerTile: s(1024, 'cycles/tile', 'assumed: as on Wormhole (same tt-llk algorithms)'),
    programFixedCycles: s(800, 'cycles', `fitted: ${GEMM} P150 manually tuned 640×832×832 rows (BF16 HiFi4/HiFi2, BFP8 HiFi2/LoFi): device time minus the modeled streams`),
    dispatchSeconds: s(1.4e-6, 's', `fitted: ${GEMM} P150 manually tuned 640×832×832 rows with trace: inference time minus device time (1.3–1.6 µs)`),
    l1StoreCycles: s(5, 'cycles/store', `assumed equal to Wormhole (${RISCV_WH})`),
    l1LoadCycles: s(8, 'cycles', `assumed equal to Wormhole (${RISCV_WH})`),
    scalarFloatOpCycles: s(4, 'cycles/op', `assumed: ${RISCV_BH} says the cores implement "some (but not all) of F"; a few cycles per hardware fp32 op`),
    scalarFloatDivideCycles: s(40, 'cycles/op', 'assumed: division in software on top of hardware multiply'),
  },
};

/** Seconds per cycle of a target. */
export const secondsPerCycle = (device: DeviceConstants): number => 1 / device.clockHz.value;

/** Every constant of a target as rows (name, value, unit, source), for `molegen bench --constants` and the README. */
export function constantRows(arch: Arch): Array<{ name: string; value: number; unit: string; source: string }> {
  const rows: Array<{ name: string; value: number; unit: string; source: string }> = [];
  for (const [name, entry] of Object.entries(DEVICES[arch])) {
    if (typeof entry === 'string') continue;
    if ('value' in entry) rows.push({ name, ...(entry as Sourced) });
    else for (const [fidelity, sub] of Object.entries(entry as Record<string, Sourced>)) rows.push({ name: `${name}.${fidelity}`, ...sub });
  }
  return rows;
}
