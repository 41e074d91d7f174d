// The cost model's hardware table: every constant the device cost model uses, per target card, with
// its value, unit and where it comes from. Sources are tt-metal's published tech reports (commit
// named beside each figure), the Tenstorrent ISA notes, instruction counts of the pinned tt-metal and
// tt-llk code (marked "counted": the SFPU functions), or — marked "fitted" or "assumed" — a figure
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
  /**
   * Cycles of one call of each SFPU function over a whole tile in DST — four faces of 8 iterations of the 32-lane
   * SFPU — counted from the instructions its code path issues at the pinned tt-metal and tt-llk (see the counts above
   * SFPU_CYCLES_WH).
   */
  sfpuCyclesPerTile: Record<SfpuFunction, Sourced>;
  /** Cycles of every SFPU call outside its functions' iterations: the tt-llk wrapper's DST addressing, stalls and face steps. */
  sfpuCallCycles: Sourced;
  /** Cycles of one data-format reconfiguration of an unpacker (srcA or srcB) or the packer between two ops. */
  formatReconfigCycles: Sourced;
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

/**
 * The SFPU functions the kernels call, by their tt-metal compute API names; 'binaryOp' is add_binary_tile and
 * mul_binary_tile (DST op DST), 'scalarOp' add_unary_tile and mul_unary_tile (DST op constant).
 */
export type SfpuFunction = 'exp' | 'reciprocal' | 'rsqrt' | 'sqrt' | 'relu' | 'square' | 'eqz' | 'binaryOp' | 'scalarOp';

// SFPU cycles, counted (no card, no SFPI compiler here: by hand from the sources, so about ±10%). The variants are the
// kernels': fp32 DST (fp32_dest_acc_en, which the router always has), math_approx_mode off, exp_tile's approx = false,
// recip_tile<false>, rsqrt_tile's defaults — the paths runtime-cpp/src/compute/sfpu_math.hpp mirrors. Per call, tt-llk's
// _llk_math_eltwise_unary_sfpu_params_ (llk_lib/llk_math_eltwise_unary_sfpu_params.h:11-68; the binary one alike)
// runs the function once per face — 4 faces, 2 for VectorMode::C or R — and each run is 8 iterations of 32 lanes
// (the face's 16 rows × 16 columns). Per iteration every instruction the code issues counts one cycle: the SFPU takes
// one instruction per cycle (WormholeB0 VectorUnit.md: IPC 1) and predicated v_if/v_else branches all issue (SIMT:
// lanes are masked, nothing jumps). Counted by the rules of the SFPI compiler's lowering: a*b + c, a*b and a + b one
// SFPMAD-class instruction; an fp32 literal one SFPLOADI if it is exact in bf16, else two; vConst0/1/-1 and the
// vConstFloatPrgm registers free; a compare with zero one SFPSETCC, with another constant SFPLOADI + SFPMAD (x − c) +
// SFPSETCC (two SETCC and an SFPCOMPC for <=); a top-level v_if two SFPENCC, each v_elseif an SFPCOMPC and an
// SFPPUSHC, each extra level an SFPPOPC; dst_reg++ an INCRWC. Stalls: an SFPNOP wherever the next instruction reads
// an SFPMAD/SFPMUL/SFPADD result and no independent instruction of the same block can fill the slot (SFPMAD.md
// "Instruction scheduling"; Blackhole stalls in hardware instead, the same cycle), one cycle after SFPSWAP (SFPSWAP.md).
// Per iteration (fp32 DST):
//   exp  (_sfpu_exp_f32_accurate_)  67: load; result = 0 (SFPMOV); z = x/ln2 (2 SFPLOADI + SFPMUL); SFPEXEXP;
//        z >= 128 (SFPENCC, SFPLOADI, SFPMAD, SFPNOP, SFPSETCC) → inf (SFPLOADI); elseif z <= −127 (SFPCOMPC,
//        SFPPUSHC, SFPLOADI, SFPMAD, SFPNOP, 2 SFPSETCC, SFPCOMPC) → 0 (SFPMOV); elseif exp == 255 (SFPCOMPC, SFPPUSHC,
//        SFPIADD, SFPSETCC) → NaN (SFPLOADI); else (SFPCOMPC): round (SFPLOADI, SFPADD, SFPMAD, SFPIADD), Cody-Waite
//        r (2 × (2 SFPLOADI + SFPMAD)), Horner of degree 7 (7 SFPMAD, 11 SFPLOADI: 1/6 … 1/5040 need two each, ½
//        one, 1 is vConst1; 3 SFPNOP where only the chain is left), SFPEXEXP + SFPIADD + SFPSETEXP + SFPMOV; SFPENCC
//        and 2 SFPPOPC; store; INCRWC — and 2 TRISC cycles of loop control, as the loop (no unroll pragma, ~60
//        instructions × 8) is assumed left rolled by GCC -O3: 69.
//   reciprocal (_sfpu_reciprocal_<2>)  20: load; SFPMOV + SFPSETMAN (−x in [1, 2)); 2 SFPMAD (quadratic estimate);
//        SFPNOT + SFPSETMAN + SFPMULI (the scale, filling the MAD slots); 2 Newton steps of 2 SFPMAD; SFPMUL (scale);
//        4 SFPNOP (the second Newton step and the scale are one dependent chain); SFPSETSGN; store; INCRWC.
//   rsqrt (_calculate_sqrt_body_<false, true, false>)  31: load; SFPMOV + SFPSHFT + SFPIADD (magic-constant
//        estimate); SFPMUL, SFPMOV, SFPMUL, SFPLOADI (inf), SFPADD, SFPIADD (inf − x), SFPMAD, SFPNOP, SFPMUL, SFPNOP
//        (the SQRT_23 polynomial step); SFPMUL, SFPMOV, SFPMAD, SFPDIVP2 (1 − x·y², y/2); v_if(inf − x ≠ 0 && x ≠ 0)
//        (SFPENCC, 2 SFPSETCC) SFPMAD, else (SFPCOMPC) SFPMOV, SFPENCC; v_if(x < 0) (SFPENCC, SFPSETCC) NaN (SFPLOADI)
//        SFPENCC; store; INCRWC.
//   sqrt (_calculate_sqrt_body_<false, false, false>)  29: the same estimate and polynomial step (3 SFPNOP: no
//        inf − x to fill one); SFPMUL, SFPMOV, SFPMAD, SFPLOADI + SFPMUL (½·x·y); v_if(x < inf) (SFPENCC, SFPIADD)
//        SFPMAD SFPENCC; v_if(x < 0) NaN (4); store; INCRWC.
//   relu (_relu_min_impl_, hand-written)  6: SFPLOAD, SFPMOV, SFPSWAP + its stall, SFPSTORE, INCRWC; per face 2
//        SFPLOADI of the threshold. Blackhole's is SFPI (load, SFPENCC, SFPMAD + stall + SFPSETCC against the
//        threshold, predicated store, SFPENCC, INCRWC): 8, and 1 SFPLOADI per face.
//   square (_calculate_square_, hand-written)  5: SFPLOAD, SFPMUL, SFPNOP (in the source), SFPSTORE, INCRWC.
//   eqz (calculate_comp<equal_zero>)  9: load; v_if(v == 0) (SFPENCC, SFPSETCC) SFPMOV, else (SFPCOMPC) SFPMOV,
//        SFPENCC; store; INCRWC; per face 2 SFPLOADI (the constants 0 and 1).
//   binaryOp (_calculate_sfpu_binary_ ADD; calculate_sfpu_binary_mul with fp32 DST)  6: 2 loads, SFPADD/SFPMUL,
//        SFPNOP, store, INCRWC.
//   scalarOp (calculate_binop_with_scalar ADD/MUL)  5: load, SFPADD/SFPMUL, SFPNOP, store, INCRWC; per face 2
//        SFPLOADI (1e-5 and 1e38 are not exact in bf16).
const TT_METAL = 'tt-metal @9231910642';
const TT_LLK = 'tt-llk @8859c554';
const WH_LLK_SFPU = `${TT_LLK} tt_llk_wormhole_b0/common/inc/sfpu`;
const WH_METAL_SFPU = `${TT_METAL} tt_metal/hw/ckernels/wormhole_b0/metal/llk_api/llk_sfpu`;
const COUNTING = 'counted per 32-lane SFPU iteration as in device.ts (one instruction per cycle, WormholeB0 VectorUnit.md; SFPNOP after a dependent SFPMAD, SFPMAD.md)';

/** Cycles per tile of a function whose iterations issue `slots` instructions each, plus `perFace` set-up instructions per face. */
const sfpuCounted = (slots: number, perFace: number, what: string): Sourced =>
  s((slots * 8 + perFace) * 4, 'cycles/tile', `${COUNTING}: ${what}: ${slots} per iteration × 8 iterations${perFace ? ` + ${perFace} per face` : ''}, × 4 faces`);

const SFPU_CYCLES_WH: Record<SfpuFunction, Sourced> = {
  exp: sfpuCounted(69, 0, `exp_tile (approx = false, ${TT_METAL} tt_metal/include/compute_kernel_api/eltwise_unary/exp.h:51-57) with fp32 DST runs _sfpu_exp_f32_accurate_ (${WH_METAL_SFPU}/ckernel_sfpu_exp.h:199-296, chosen at 308-311, loop 325-334): 67 SFPU instructions (all four branches of its v_if chain issue; 22 SFPLOADI of fp32 constants, 11 of them the Horner coefficients; 5 SFPNOP) and 2 TRISC loop cycles (assumed: the loop has no unroll pragma and is taken as not unrolled)`),
  reciprocal: sfpuCounted(20, 0, `recip_tile<false> with fp32 DST runs _sfpu_reciprocal_<2> (${WH_LLK_SFPU}/ckernel_sfpu_recip.h:22-76, chosen at 92-94): quadratic estimate and two Newton steps, 13 instructions, 4 SFPNOP of the dependent Newton chain, load, store, INCRWC`),
  rsqrt: sfpuCounted(31, 0, `rsqrt_tile (legacy_compat = false, FAST_APPROX = false) runs _calculate_sqrt_body_<APPROX = false, RECIPROCAL = true> (${WH_LLK_SFPU}/ckernel_sfpu_sqrt.h:22-114 via ckernel_sfpu_rsqrt.h:17-28): magic-constant estimate, SQRT_23 step, Newton correction, the inf/0 and x < 0 v_ifs; 2 SFPNOP`),
  sqrt: sfpuCounted(29, 0, `sqrt_tile runs _calculate_sqrt_body_<APPROX = false, RECIPROCAL = false> (${WH_LLK_SFPU}/ckernel_sfpu_sqrt.h:22-114): as rsqrt with ½·x·y instead of y/2 and one v_if less; 3 SFPNOP`),
  relu: sfpuCounted(6, 2, `relu_tile runs _relu_min_impl_ (${WH_LLK_SFPU}/ckernel_sfpu_relu.h:105-119, hand-written): SFPLOAD, SFPMOV, SFPSWAP (+1 stall, SFPSWAP.md), SFPSTORE, INCRWC; 2 SFPLOADI of the threshold per face (_sfpu_load_imm32_)`),
  square: sfpuCounted(5, 0, `square_tile runs _calculate_square_ (${WH_LLK_SFPU}/ckernel_sfpu_square.h:18-27, hand-written): SFPLOAD, SFPMUL, SFPNOP, SFPSTORE, INCRWC`),
  eqz: sfpuCounted(9, 2, `eqz_tile runs calculate_comp<equal_zero> (${WH_METAL_SFPU}/ckernel_sfpu_comp.h:36-88): load, v_if(v == 0) one else zero (SFPENCC, SFPSETCC, SFPMOV, SFPCOMPC, SFPMOV, SFPENCC), store, INCRWC; the constants 0 and 1 per face`),
  binaryOp: sfpuCounted(6, 0, `add_binary_tile runs _calculate_sfpu_binary_ (${WH_LLK_SFPU}/ckernel_sfpu_binary.h:100-153), mul_binary_tile with fp32 DST calculate_sfpu_binary_mul (${WH_METAL_SFPU}/ckernel_sfpu_binary.h:45-66): 2 loads, SFPADD/SFPMUL, SFPNOP, store, INCRWC`),
  scalarOp: sfpuCounted(5, 2, `add_unary_tile and mul_unary_tile run calculate_binop_with_scalar (${WH_METAL_SFPU}/ckernel_sfpu_binop_with_unary.h:26-44): load, SFPADD/SFPMUL, SFPNOP, store, INCRWC; the scalar (2 SFPLOADI) per face`),
};

// Blackhole at the same pins: the same SFPI code for exp (tt-metal's blackhole llk_sfpu/ckernel_sfpu_exp.h differs in a
// comment), sqrt/rsqrt, the comparisons and the binary and scalar ops; square drops its SFPNOP because Blackhole's
// SFPMAD stalls in hardware instead (jasondavies/tt-isa-documentation BlackholeA0 SFPMAD.md), the same cycle. Two differ.
const sameOnBlackhole = (entry: Sourced): Sourced => ({
  ...entry,
  source: `as on Wormhole (the same code in tt_llk_blackhole and tt-metal's blackhole llk_sfpu; Blackhole's hardware SFPMAD stall takes the SFPNOP's cycle, BlackholeA0 SFPMAD.md): ${entry.source}`,
});
const SFPU_CYCLES_BH: Record<SfpuFunction, Sourced> = {
  ...(Object.fromEntries(Object.entries(SFPU_CYCLES_WH).map(([fn, entry]) => [fn, sameOnBlackhole(entry)])) as Record<SfpuFunction, Sourced>),
  reciprocal: s(
    196,
    'cycles/tile',
    `counted: recip_tile<false> with fp32 DST runs _calculate_reciprocal_fast_24b_5c_ on Blackhole (${TT_LLK} tt_llk_blackhole/common/inc/sfpu/ckernel_sfpu_recip.h:161-211, chosen at 220-223): SFPLOADMACRO sequences replayed at 5 cycles per iteration; per face replay(4) + SFPLOAD + 7 × replay(5) + 5 drain + 4 SFPNOP = 49 cycles, × 4 faces`,
  ),
  relu: sfpuCounted(8, 1, `relu_tile on Blackhole runs the SFPI _relu_min_impl_ (${TT_LLK} tt_llk_blackhole/common/inc/sfpu/ckernel_sfpu_relu.h:103-116): load, SFPENCC, SFPMAD (x − threshold) + hardware stall + SFPSETCC, predicated store, SFPENCC, INCRWC; the threshold per face`),
};

const SFPU_CALL_CYCLES = (arch: string): Sourced =>
  s(30, 'cycles/call', `derived (${arch}): ${TT_LLK} llk_lib/llk_math_eltwise_unary_sfpu_params.h:11-68 (binary alike): DST address (TT_SETC16 built by TRISC, ~6 cycles, assumed), SETC16 and STALLWAIT before, per face 2 SETRWC (4 for VectorMode::C) and ~2 TRISC loop cycles, SETRWC, STALLWAIT for the SFPU to drain (~3) and SETC16 after: 27 (VectorMode::C) to 31 (RC); init calls are not counted`);

const FORMAT_RECONFIG_CYCLES = s(30, 'cycles/reconfig', `derived: ${TT_LLK} llk_lib/llk_unpack_common.h _llk_unpack_reconfig_data_format_srca_impl_ (srcb alike; the packer's _llk_pack_reconfig_data_format_ similar): a STALLWAIT until the unpacker is idle, two cfg_reg_rmw_tensix and a SETDMAREG of the tile size — ~10 instructions plus the drain, taken as 30 cycles (assumed)`);

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
    sfpuCyclesPerTile: SFPU_CYCLES_WH,
    sfpuCallCycles: SFPU_CALL_CYCLES('Wormhole'),
    formatReconfigCycles: FORMAT_RECONFIG_CYCLES,
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
    sfpuCyclesPerTile: SFPU_CYCLES_BH,
    sfpuCallCycles: SFPU_CALL_CYCLES('Blackhole: the same wrapper in tt_llk_blackhole'),
    formatReconfigCycles: FORMAT_RECONFIG_CYCLES,
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
