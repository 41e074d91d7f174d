// Circular buffers and constant tiles of the router program, shared by its reader, compute and
// writer kernels so the three agree on every index. Constants only.
#pragma once

#include <cstdint>

namespace molegen::router_cbs {

constexpr uint32_t cb_features = tt::CBIndex::c_0;     // reader → compute: a batch row's features, or per row its series' (fp32)
constexpr uint32_t cb_w0 = tt::CBIndex::c_1;           // reader → compute: layer-1 weight columns (fp32)
constexpr uint32_t cb_w2 = tt::CBIndex::c_2;           // reader → compute: layer-2 weight blocks (fp32)
constexpr uint32_t cb_hidden = tt::CBIndex::c_3;       // compute: the batch row's hidden tiles, or per row its series' (fp32)
constexpr uint32_t cb_logits = tt::CBIndex::c_4;       // compute → writer: the core's part of a shared hidden row, then logit tiles for DRAM (fp32)
constexpr uint32_t cb_x_scratch = tt::CBIndex::c_5;    // reader: one input row for window statistics
constexpr uint32_t cb_zrow = tt::CBIndex::c_6;         // reader → compute: [series × expert] logits (fp32)
constexpr uint32_t cb_consts = tt::CBIndex::c_7;       // reader → compute, once: constant tiles (fp32)
constexpr uint32_t cb_selectors = tt::CBIndex::c_8;    // writer → compute, once: K expert selectors, then the identity
constexpr uint32_t cb_scratch = tt::CBIndex::c_9;      // compute: a row of column results (fp32)
constexpr uint32_t cb_max = tt::CBIndex::c_10;         // compute: the column maxima of the transposed logits (fp32)
constexpr uint32_t cb_first = tt::CBIndex::c_11;       // compute: maxima weighted by the ramp (fp32)
constexpr uint32_t cb_onehot = tt::CBIndex::c_12;      // compute: the expert selected this round (fp32)
constexpr uint32_t cb_mask = tt::CBIndex::c_13;        // compute: experts kept so far (fp32)
constexpr uint32_t cb_candidates = tt::CBIndex::c_14;  // compute: logits minus the selected (fp32)
constexpr uint32_t cb_exp = tt::CBIndex::c_15;         // compute: exp(z − max) · mask (fp32)
constexpr uint32_t cb_gates = tt::CBIndex::c_16;       // compute → writer: K diagonal gate tiles + gate matrix
constexpr uint32_t cb_gate_matrix = tt::CBIndex::c_17; // compute: the transposed gate matrix (activation format)
constexpr uint32_t cb_x_row = tt::CBIndex::c_18;       // reader → compute: a series row's inputs (REVIN)
constexpr uint32_t cb_revin_params = tt::CBIndex::c_19;// reader → compute: γ, β, 1/(γ + 1e-10) tiles of the row (fp32)
constexpr uint32_t cb_mean = tt::CBIndex::c_20;        // compute: per-series mean (fp32)
constexpr uint32_t cb_centred = tt::CBIndex::c_21;     // compute: x − mean of the row, tile by tile (fp32)
constexpr uint32_t cb_variance = tt::CBIndex::c_22;    // compute: σ² = variance + 1e-5 (fp32)
constexpr uint32_t cb_scale = tt::CBIndex::c_23;       // compute: γ/σ (fp32)
constexpr uint32_t cb_descale = tt::CBIndex::c_24;     // compute: σ/(γ + 1e-10) (fp32)
constexpr uint32_t cb_revin = tt::CBIndex::c_25;       // compute → writer: the four RevIN tiles
constexpr uint32_t cb_logit_scratch = tt::CBIndex::c_26;// reader: the logit tiles a row's gather reads (fp32)
constexpr uint32_t cb_logits_t = tt::CBIndex::c_27;    // compute: the row's logits transposed, [expert × series] (fp32)
// PER_ROW_LOGITS: each row computes its own logits and gathers them with matmuls.
constexpr uint32_t cb_gather_mask = tt::CBIndex::c_29;  // reader → compute: series × logit column channel mask
constexpr uint32_t cb_masked = tt::CBIndex::c_30;       // compute: the row's logit tiles, masked per series
constexpr uint32_t cb_gather_select = tt::CBIndex::c_31;// reader → compute: logit column × expert selection

// Tiles of cb_consts, in the order of the router_consts tensor.
constexpr uint32_t kOnes = 0;           // 1 everywhere (reduce scaler, broadcast source)
constexpr uint32_t kRamp = 1;           // 32 − k in expert rows k < K, 0 elsewhere (the gates work on Zᵀ)
constexpr uint32_t kValidExperts = 2;   // 1 in expert rows k < K
constexpr uint32_t kTimeMask = 3;       // 1 in the time columns of the last input tile that are < L
constexpr uint32_t kInverseLength = 4;  // 1/L everywhere (reduce scaler for means over time)
constexpr uint32_t kZrowTemplate = 5;   // 0 in expert columns k < K, −1e30 elsewhere (the gather's start)
constexpr uint32_t kConstTiles = 6;

// The shared-logits gather reads only the rows of its samples from each logit tile when a series-tile row
// holds at most this many samples (sample-major rows with C ≥ 16); more, and whole tiles cost fewer reads.
constexpr uint32_t kSampleRowReadsUpTo = 3;

// Tiles of cb_revin_params per row, in the order of the revin_rows tensor.
constexpr uint32_t kRevinGamma = 0;
constexpr uint32_t kRevinBeta = 1;
constexpr uint32_t kRevinInverseAffine = 2;  // 1/(γ + 1e-10), computed on the host
constexpr uint32_t kRevinParamTiles = 3;

// Whether a core reads (and its compute waits for) the constant tiles: gates rows and RevIN statistics
// rows use them, logit tiles do not. Without REVIN the planner gives no statistics rows.
// Whether this core forms gates: of the rows [row_begin, row_end), or with GATES_PIPELINED of the rows whose channels
// its logit tiles [tile_begin, tile_end) hold (its row range is then empty).
constexpr bool has_gates_rows(uint32_t tile_begin, uint32_t tile_end, uint32_t row_begin, uint32_t row_end) {
#if defined(GATES_PIPELINED)
    (void)row_begin;
    (void)row_end;
    return tile_end > tile_begin;
#else
    (void)tile_begin;
    (void)tile_end;
    return row_end > row_begin;
#endif
}

constexpr bool uses_consts(bool gates_rows, uint32_t stats_begin, uint32_t stats_end) {
    return gates_rows || stats_end > stats_begin;
}

}  // namespace molegen::router_cbs
