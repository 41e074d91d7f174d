// Router compute kernel: everything the experts need per series, on the compute engine in fp32 DST
// (Float32 circular buffers, fp32_dest_acc_en), in two phases:
//   1. logits, for the tiles [tile_begin, tile_end) of the [batch × K·C] logits this core owns:
//      hidden = relu(features · W0ᵀ_aug) for the tile's 32-sample batch row (only when it changes) — in a
//      group of cores that share the batch row, only this core's part of the hidden tiles, handed to the
//      writer, which sends it to every member; the whole row then arrives in cb_hidden through the reader —
//      then logits = hidden · W2ᵀ_aug (biases folded in as a constant-1 feature column and an always-one
//      hidden unit); the writer stores them in DRAM — or, with GATES_PIPELINED, gathers from each tile, in this
//      core's L1, the rows of the channels it holds, whose gates (2.) follow the tile at once, while the reader
//      streams the next tile's weights;
//      (with PER_ROW_LOGITS there is no phase 1: each row computes, from its series' features, the logit
//      tiles it needs itself and gathers them with matmuls, see row_logits);
// then, with REVIN, the statistics rows (3. below: first, because the experts wait for them before they need
// the gates; with STATS_FIRST even before phase 1), then for each series-tile row [row_begin, row_end), once:
//   2. gates from the row's [series × expert] logits tile, transposed first to [expert × series] so that
//      the K experts of every series lie in the top rows, where the SFPU's exp runs on just the 4-row
//      groups that hold them (it works in groups of 4 rows × 8 columns of a face, not on columns):
//      top-k by rounds of column-max and masking (ties to the lower expert: a descending ramp picks the
//      first maximum), softmax over the kept experts as exp(z − max) · mask · 1/Σ, and the K diagonal
//      gate tiles diag(g_k) as matmuls of selector tiles with the transposed gate matrix, masked by the
//      identity; the gate matrix itself is transposed back to [series × expert];
//   3. with REVIN, for each row of [stats_begin, stats_end) — its own work units, which the planner may
//      give to other cores than the row's gates — each series' RevIN statistics over time (the mean by row
//      reductions, Σ (x − mean)² as the diagonal of Σ_t D_t·D_tᵀ by matmuls; one SFPU rsqrt, with
//      1/(γ + 1e-10) from the host), as four tiles repeated along the row: mean, γ/σ, β, σ/(γ + 1e-10).
// It does no data movement beyond its circular buffers and no scalar math.
#include <cstdint>

#include "compute_kernel_api.h"
#include "compute_kernel_api/bcast.h"
#include "compute_kernel_api/common.h"
#include "compute_kernel_api/eltwise_binary.h"
#include "compute_kernel_api/eltwise_binary_sfpu.h"
#include "compute_kernel_api/eltwise_unary/binop_with_scalar.h"
#include "compute_kernel_api/eltwise_unary/comp.h"
#include "compute_kernel_api/eltwise_unary/exp.h"
#include "compute_kernel_api/eltwise_unary/recip.h"
#include "compute_kernel_api/eltwise_unary/relu.h"
#include "compute_kernel_api/eltwise_unary/rsqrt.h"
#include "compute_kernel_api/matmul.h"
#include "compute_kernel_api/pack.h"
#include "compute_kernel_api/reconfig_data_format.h"
// reduce.h's template defaults are the macros REDUCE_OP and REDUCE_DIM, which tt-metal leaves to the kernel; every
// reduction here names its own, so these only satisfy the header.
#define REDUCE_OP PoolType::SUM
#define REDUCE_DIM ReduceDim::REDUCE_ROW
#include "compute_kernel_api/reduce.h"
#include "compute_kernel_api/tile_move_copy.h"
#include "compute_kernel_api/transpose_wh.h"
#include "../common/formats.hpp"
#include "../common/router_cbs.hpp"
#include "../common/series.hpp"

namespace {

using namespace molegen::router_cbs;

// Pushes a selected expert far below every remaining logit (but above the padding columns' −1e30).
constexpr uint32_t kRemovedOffsetBits = 0x7e967699;  // 1e38f
constexpr uint32_t kRevinEpsBits = 0x3727c5ac;        // 1e-5f

using molegen::Formats;
using molegen::pack_to;

// DST[0] = DST[0] op (tile `index` of `cb`); DEST_TO_SRCB puts DST in the second operand (cb − DST).
template <EltwiseBinaryType op, EltwiseBinaryReuseDestType reuse = EltwiseBinaryReuseDestType::DEST_TO_SRCA>
void dst_op(Formats& f, uint32_t cb, uint32_t index) {
    if constexpr (reuse == EltwiseBinaryReuseDestType::DEST_TO_SRCA) {
        f.unpack_b(cb);
    } else {
        f.unpack_a(cb);
    }
    binary_dest_reuse_tiles_init<op, reuse>(cb);
    binary_dest_reuse_tiles<op, reuse>(cb, index, 0);
}

// DST[0] = max over each column of tile `index` of `cb`, in row 0.
void column_max(Formats& f, uint32_t cb, uint32_t index) {
    f.unpack(cb, cb_consts);
    reduce_init<PoolType::MAX, ReduceDim::REDUCE_COL>(cb, cb_consts, cb_scratch);
    reduce_tile<PoolType::MAX, ReduceDim::REDUCE_COL>(cb, cb_consts, index, kOnes, 0);
}

// DST[0] = sum over each column of tile `index` of `cb`, in row 0.
void column_sum(Formats& f, uint32_t cb, uint32_t index) {
    f.unpack(cb, cb_consts);
    reduce_init<PoolType::SUM, ReduceDim::REDUCE_COL>(cb, cb_consts, cb_scratch);
    reduce_tile<PoolType::SUM, ReduceDim::REDUCE_COL>(cb, cb_consts, index, kOnes, 0);
}

// DST[0] = sum over each row of tile `index` of `cb` times the scaler tile's value, added to DST[0].
void row_sum(Formats& f, uint32_t cb, uint32_t index, uint32_t scaler) {
    f.unpack(cb, cb_consts);
    reduce_init<PoolType::SUM, ReduceDim::REDUCE_ROW>(cb, cb_consts, cb_scratch);
    reduce_tile<PoolType::SUM, ReduceDim::REDUCE_ROW>(cb, cb_consts, index, scaler, 0);
}

// DST[0] = a op b[:, 0] (column 0 of b broadcast along each row).
void sub_col(Formats& f, uint32_t a, uint32_t a_index, uint32_t b) {
    f.unpack(a, b);
    sub_bcast_cols_init_short(a, b);
    sub_tiles_bcast_cols(a, b, a_index, 0, 0);
}

void mul_col(Formats& f, uint32_t a, uint32_t a_index, uint32_t b) {
    f.unpack(a, b);
    mul_bcast_cols_init_short(a, b);
    mul_tiles_bcast_cols(a, b, a_index, 0, 0);
}

// DST[0] = a op b[0, :] (row 0 of b broadcast down each column). The pinned API has no short init for a
// row-broadcast subtraction, so the full one, which also sets the data formats (the packer's to cb_scratch's).
void sub_row(Formats& f, uint32_t a, uint32_t a_index, uint32_t b) {
    init_bcast<ELWSUB, BroadcastType::ROW>(a, b, cb_scratch);
    f.set_by_full_init(a, b, cb_scratch);
    sub_tiles_bcast<BroadcastType::ROW>(a, b, a_index, 0, 0);
}

void mul_row(Formats& f, uint32_t a, uint32_t a_index, uint32_t b) {
    f.unpack(a, b);
    mul_bcast_rows_init_short(a, b);
    mul_tiles_bcast_rows(a, b, a_index, 0, 0);
}

// DST[0] = tile `index` of `cb`, transposed.
void transpose(Formats& f, uint32_t cb, uint32_t index) {
    f.unpack_a(cb);
    transpose_wh_init_short(cb);
    transpose_wh_tile(cb, index, 0);
}

// exp of DST[0]'s rows [0, experts) (K ≤ 16, the DSL's limit: the top faces). exp_tile's iterations each cover 4
// rows (one column parity) of a face, so 2·⌈K/4⌉ of them on the top faces (VectorMode::R) cover the K expert rows;
// the rows below keep z − max, which the mask (0 past expert K) zeroes.
void exp_of_expert_rows(uint32_t experts) {
    exp_tile_init();
    if (experts <= 4) {
        exp_tile<false, true, false, false, 2>(0, (int)VectorMode::R);
    } else if (experts <= 8) {
        exp_tile<false, true, false, false, 4>(0, (int)VectorMode::R);
    } else if (experts <= 12) {
        exp_tile<false, true, false, false, 6>(0, (int)VectorMode::R);
    } else {
        exp_tile(0, (int)VectorMode::R);
    }
}

void copy(Formats& f, uint32_t cb, uint32_t index) {
    f.unpack_a(cb);
    copy_tile_to_dst_init_short(cb);
    copy_tile(cb, index, 0);
}

// Waits for one tile of each CB, frees it after `body` packed its result.
void consume(uint32_t cb) { cb_pop_front(cb, 1); }

// Layer 1 for a batch row's 32 samples: hidden tiles [first, last) of relu(features · W0ᵀ_aug), one page
// of `out` each.
void hidden_layer(Formats& f, uint32_t feature_tiles, uint32_t first, uint32_t last, uint32_t out) {
    cb_wait_front(cb_features, feature_tiles);
    for (uint32_t h = first; h < last; ++h) {
        cb_wait_front(cb_w0, feature_tiles);
        tile_regs_acquire();
        f.unpack(cb_w0, cb_features);
        mm_init_short(cb_features, cb_w0);
        for (uint32_t f = 0; f < feature_tiles; ++f) {
            matmul_tiles(cb_features, cb_w0, f, f, 0);
        }
        relu_tile_init();
        relu_tile(0);
        pack_to(f, out);
        cb_pop_front(cb_w0, feature_tiles);
    }
    cb_pop_front(cb_features, feature_tiles);
}

// Accumulates into DST[0] the layer-2 matmuls of one logit tile: hidden tile h of `hidden` times the
// weight tiles arriving in cb_w2 in blocks of w2_block.
void logit_tile(Formats& f, uint32_t hidden, uint32_t hidden_tiles, uint32_t w2_block) {
    f.unpack(cb_w2, hidden);
    mm_init_short(hidden, cb_w2);
    for (uint32_t h0 = 0; h0 < hidden_tiles; h0 += w2_block) {
        const uint32_t block = hidden_tiles - h0 < w2_block ? hidden_tiles - h0 : w2_block;
        cb_wait_front(cb_w2, block);
        for (uint32_t i = 0; i < block; ++i) {
            matmul_tiles(hidden, cb_w2, h0 + i, i, 0);
        }
        cb_pop_front(cb_w2, block);
    }
}

// PER_ROW_LOGITS: the [series × expert] logits of series-tile row `row` into cb_zrow, on the compute
// engine. Each series' hidden units are relu(its features · W0ᵀ_aug) — its features row holds its
// sample's, so these are the sample's hidden units, the same dot products in the same order; each
// logit tile the row needs is computed as in phase 1 and masked to the columns of each series'
// channel; then Σ (T ⊙ M)·S over those tiles, on top of the template tile (−1e30 in columns ≥ K),
// moves each series' K logits to columns 0..K−1 — every output element has one non-zero term, so the
// gather is exact.
void row_logits(Formats& f, const molegen::LogitTiles& needed, uint32_t feature_tiles, uint32_t hidden_tiles,
                uint32_t w2_block) {
    hidden_layer(f, feature_tiles, 0, hidden_tiles, cb_hidden);
    cb_wait_front(cb_hidden, hidden_tiles);
    needed.for_each([&](uint32_t) {
        tile_regs_acquire();
        logit_tile(f, cb_hidden, hidden_tiles, w2_block);
        cb_wait_front(cb_gather_mask, 1);
        dst_op<ELWMUL>(f, cb_gather_mask, 0);
        cb_pop_front(cb_gather_mask, 1);
        pack_to(f, cb_masked);
    });
    cb_pop_front(cb_hidden, hidden_tiles);
    const uint32_t count = needed.count();
    cb_wait_front(cb_masked, count);
    cb_wait_front(cb_gather_select, count);
    tile_regs_acquire();
    copy(f, cb_consts, kZrowTemplate);
    f.unpack(cb_gather_select, cb_masked);
    mm_init_short(cb_masked, cb_gather_select);
    for (uint32_t i = 0; i < count; ++i) {
        matmul_tiles(cb_masked, cb_gather_select, i, i, 0);
    }
    pack_to(f, cb_zrow);
    cb_pop_front(cb_masked, count);
    cb_pop_front(cb_gather_select, count);
}

// Top-k mask of the transposed logits tile in cb_logits_t (1 for kept experts) into cb_mask, and each
// column's maximum (the top-1 logit) into cb_max.
void top_k_mask(Formats& f, uint32_t top_k) {
    uint32_t candidates = cb_logits_t;  // logits with the experts selected so far pushed down
    for (uint32_t round = 0; round < top_k; ++round) {
        // m = max of the remaining candidates; E = (W == m)
        tile_regs_acquire();
        column_max(f, candidates, 0);
        tile_regs_commit();
        tile_regs_wait();
        cb_reserve_back(cb_scratch, 1);
        f.pack(cb_scratch);
        pack_tile(0, cb_scratch);
        cb_push_back(cb_scratch, 1);
        if (round == 0) {
            cb_reserve_back(cb_max, 1);
            f.pack(cb_max);
            pack_tile(0, cb_max);
            cb_push_back(cb_max, 1);
        }
        tile_regs_release();
        cb_wait_front(cb_scratch, 1);
        tile_regs_acquire();
        sub_row(f, candidates, 0, cb_scratch);
        eqz_tile_init();
        eqz_tile(0);
        dst_op<ELWMUL>(f, cb_consts, kRamp);  // F = E · (32 − k): the first maximum has the largest value
        pack_to(f, cb_first);
        consume(cb_scratch);
        // onehot = (F == max F)
        cb_wait_front(cb_first, 1);
        tile_regs_acquire();
        column_max(f, cb_first, 0);
        pack_to(f, cb_scratch);
        cb_wait_front(cb_scratch, 1);
        tile_regs_acquire();
        sub_row(f, cb_first, 0, cb_scratch);
        eqz_tile(0);
        pack_to(f, cb_onehot);
        consume(cb_scratch);
        consume(cb_first);
        cb_wait_front(cb_onehot, 1);
        // mask += onehot
        tile_regs_acquire();
        copy(f, cb_onehot, 0);
        if (round > 0) {
            cb_wait_front(cb_mask, 1);
            dst_op<ELWADD>(f, cb_mask, 0);
            consume(cb_mask);
        }
        pack_to(f, cb_mask);
        // W = W − onehot · 1e38 for the next round
        if (round + 1 < top_k) {
            tile_regs_acquire();
            copy(f, cb_onehot, 0);
            binop_with_scalar_tile_init();
            mul_unary_tile(0, kRemovedOffsetBits);
            dst_op<ELWSUB, EltwiseBinaryReuseDestType::DEST_TO_SRCB>(f, candidates, 0);
            pack_to(f, cb_candidates);
            if (candidates == cb_candidates) {
                consume(cb_candidates);
            }
            candidates = cb_candidates;
            cb_wait_front(candidates, 1);
        }
        consume(cb_onehot);
    }
    if (candidates == cb_candidates) {
        consume(cb_candidates);
    }
    cb_wait_front(cb_mask, 1);
    cb_wait_front(cb_max, 1);
}

// Gates of the series-tile row whose logits are in cb_zrow: K diagonal gate tiles, then the gate matrix,
// into cb_gates (activation format).
void gates(Formats& f, uint32_t experts, uint32_t top_k) {
    // Zᵀ: one row per expert, one column per series.
    cb_wait_front(cb_zrow, 1);
    tile_regs_acquire();
    transpose(f, cb_zrow, 0);
    pack_to(f, cb_logits_t);
    consume(cb_zrow);
    cb_wait_front(cb_logits_t, 1);
    uint32_t mask_cb = cb_consts;
    uint32_t mask_index = kValidExperts;
    if (top_k < experts) {
        top_k_mask(f, top_k);
        mask_cb = cb_mask;
        mask_index = 0;
    } else {
        tile_regs_acquire();
        column_max(f, cb_logits_t, 0);
        pack_to(f, cb_max);
        cb_wait_front(cb_max, 1);
    }
    // e = exp(z − max) · mask, the exp on the expert rows only
    tile_regs_acquire();
    sub_row(f, cb_logits_t, 0, cb_max);
    exp_of_expert_rows(experts);
    dst_op<ELWMUL>(f, mask_cb, mask_index);
    pack_to(f, cb_exp);
    consume(cb_max);
    if (mask_cb == cb_mask) {
        consume(cb_mask);
    }
    consume(cb_logits_t);
    cb_wait_front(cb_exp, 1);
    // 1 / Σ_k e: the column sums are in row 0, so the reciprocal runs on the top faces only.
    tile_regs_acquire();
    column_sum(f, cb_exp, 0);
    recip_tile_init<false>();
    recip_tile<false>(0, (int)VectorMode::R);
    pack_to(f, cb_scratch);
    cb_wait_front(cb_scratch, 1);
    // Gᵀ = e · (1/Σ), rounded to the activation format
    tile_regs_acquire();
    mul_row(f, cb_exp, 0, cb_scratch);
    pack_to(f, cb_gate_matrix);
    consume(cb_scratch);
    consume(cb_exp);
    cb_wait_front(cb_gate_matrix, 1);
    // Diagonal gate tile k: S_k · Gᵀ, where column k of S_k is all ones (g[c, k] in every row of column c,
    // exactly), times the identity tile I = selector K — diag(g_k), for the experts' mixture matmuls.
    for (uint32_t k = 0; k < experts; ++k) {
        tile_regs_acquire();
        f.unpack(cb_gate_matrix, cb_selectors);
        mm_init_short(cb_selectors, cb_gate_matrix);
        matmul_tiles(cb_selectors, cb_gate_matrix, k, 0, 0);
        dst_op<ELWMUL>(f, cb_selectors, experts);
        pack_to(f, cb_gates);
    }
    // G = (Gᵀ)ᵀ, [series × expert], exactly
    tile_regs_acquire();
    transpose(f, cb_gate_matrix, 0);
    pack_to(f, cb_gates);
    consume(cb_gate_matrix);
}

// RevIN statistics of the series-tile row whose Lt input tiles are in cb_x_row and whose γ, β and
// 1/(γ + 1e-10) tiles are in cb_revin_params, into cb_revin (activation format): mean, γ/σ, β, σ/(γ + 1e-10).
// `identity`: the identity tile's index in cb_selectors.
void revin_statistics(Formats& f, uint32_t input_tiles, bool last_tile_partial, uint32_t identity) {
    cb_wait_front(cb_x_row, input_tiles);
    cb_wait_front(cb_revin_params, kRevinParamTiles);
    // mean = Σ_t rowsum(x_t) · (1/L)
    tile_regs_acquire();
    for (uint32_t t = 0; t < input_tiles; ++t) {
        row_sum(f, cb_x_row, t, kInverseLength);
    }
    pack_to(f, cb_mean);
    cb_wait_front(cb_mean, 1);
    // D_t = x_t − mean per input tile, time steps past L masked to 0, packed
    for (uint32_t t = 0; t < input_tiles; ++t) {
        tile_regs_acquire();
        sub_col(f, cb_x_row, t, cb_mean);
        if (last_tile_partial && t + 1 == input_tiles) {
            dst_op<ELWMUL>(f, cb_consts, kTimeMask);
        }
        pack_to(f, cb_centred);
    }
    cb_pop_front(cb_x_row, input_tiles);
    cb_wait_front(cb_centred, input_tiles);
    // Σ_t D_t·D_tᵀ, accumulated in DST: its diagonal is each series' Σ (x − mean)² (one matmul a tile where squares,
    // a pack and a row reduction each took the SFPU and the FPU); kept by the identity and packed
    tile_regs_acquire();
    f.unpack(cb_centred, cb_centred);
    mm_init_short(cb_centred, cb_centred, 1);
    for (uint32_t t = 0; t < input_tiles; ++t) {
        matmul_tiles(cb_centred, cb_centred, t, t, 0);
    }
    dst_op<ELWMUL>(f, cb_selectors, identity);
    pack_to(f, cb_variance);
    cb_pop_front(cb_centred, input_tiles);
    cb_wait_front(cb_variance, 1);
    // v = σ² = rowsum(diagonal) · (1/L) + 1e-5
    tile_regs_acquire();
    row_sum(f, cb_variance, 0, kInverseLength);
    consume(cb_variance);
    binop_with_scalar_tile_init();
    add_unary_tile(0, kRevinEpsBits);
    pack_to(f, cb_variance);
    cb_wait_front(cb_variance, 1);
    // One SFPU root for the three: r = 1/σ = rsqrt(v) in DST[0]; γ/σ = r·γ in DST[1]; σ = r·v, then
    // σ/(γ + 1e-10) = σ · (1/(γ + 1e-10)) in DST[2] (DST[0] reused for the host-computed factor).
    tile_regs_acquire();
    f.unpack_a(cb_variance);
    copy_tile_to_dst_init_short(cb_variance);
    copy_tile(cb_variance, 0, 0);
    copy_tile(cb_variance, 0, 2);
    f.unpack_a(cb_revin_params);
    copy_tile_to_dst_init_short(cb_revin_params);
    copy_tile(cb_revin_params, kRevinGamma, 1);
    rsqrt_tile_init();
    rsqrt_tile(0);
    mul_binary_tile_init();
    mul_binary_tile(0, 1, 1);
    mul_binary_tile(0, 2, 2);
    copy_tile_to_dst_init_short(cb_revin_params);
    copy_tile(cb_revin_params, kRevinInverseAffine, 0);
    mul_binary_tile_init();
    mul_binary_tile(2, 0, 2);
    tile_regs_commit();
    tile_regs_wait();
    cb_reserve_back(cb_scale, 1);
    f.pack(cb_scale);
    pack_tile(1, cb_scale);
    cb_push_back(cb_scale, 1);
    cb_reserve_back(cb_descale, 1);
    f.pack(cb_descale);
    pack_tile(2, cb_descale);
    cb_push_back(cb_descale, 1);
    tile_regs_release();
    consume(cb_variance);
    cb_wait_front(cb_scale, 1);
    cb_wait_front(cb_descale, 1);
    // The four tiles, each value repeated along its row.
    tile_regs_acquire();
    mul_col(f, cb_consts, kOnes, cb_mean);
    pack_to(f, cb_revin);
    tile_regs_acquire();
    mul_col(f, cb_consts, kOnes, cb_scale);
    pack_to(f, cb_revin);
    tile_regs_acquire();
    copy(f, cb_revin_params, kRevinBeta);
    pack_to(f, cb_revin);
    tile_regs_acquire();
    mul_col(f, cb_consts, kOnes, cb_descale);
    pack_to(f, cb_revin);
    consume(cb_mean);
    consume(cb_scale);
    consume(cb_descale);
    cb_pop_front(cb_revin_params, kRevinParamTiles);
}

}  // namespace

void kernel_main() {
    uint32_t arg = 0;
    const uint32_t tile_begin = get_arg_val<uint32_t>(arg++);
    const uint32_t tile_end = get_arg_val<uint32_t>(arg++);
    const uint32_t row_begin = get_arg_val<uint32_t>(arg++);
    const uint32_t row_end = get_arg_val<uint32_t>(arg++);
    const uint32_t logit_tiles = get_arg_val<uint32_t>(arg++);
    const uint32_t feature_tiles = get_arg_val<uint32_t>(arg++);
    const uint32_t hidden_tiles = get_arg_val<uint32_t>(arg++);
    const uint32_t w2_block = get_arg_val<uint32_t>(arg++);
    const uint32_t experts = get_arg_val<uint32_t>(arg++);
    const uint32_t top_k = get_arg_val<uint32_t>(arg++);
    const uint32_t input_tiles = get_arg_val<uint32_t>(arg++);
    const uint32_t seq_len = get_arg_val<uint32_t>(arg++);
    const molegen::SeriesLayout layout{get_arg_val<uint32_t>(arg++), get_arg_val<uint32_t>(arg++),
                                       get_arg_val<uint32_t>(arg++)};
    const uint32_t channel_stride = get_arg_val<uint32_t>(arg++);
    const uint32_t expert_stride = get_arg_val<uint32_t>(arg++);
    const uint32_t stats_begin = get_arg_val<uint32_t>(arg++);
    const uint32_t stats_end = get_arg_val<uint32_t>(arg++);
    // This core's place in the group that shares its batch row's hidden tiles (members 1: none).
    const uint32_t share_index = get_arg_val<uint32_t>(arg++);
    const uint32_t share_members = get_arg_val<uint32_t>(arg++);
#if !defined(PER_ROW_LOGITS)
    (void)expert_stride;
#if !defined(GATES_PIPELINED)
    (void)layout;
    (void)channel_stride;
#endif
#endif
#if !defined(REVIN)
    (void)input_tiles;
    (void)seq_len;
#endif

    mm_init(cb_features, cb_w0, cb_hidden);
    Formats formats(cb_w0, cb_features, cb_hidden);
    // the constant tiles, the selectors (gates rows) and the identity among them (statistics rows too)
    if (uses_consts(has_gates_rows(tile_begin, tile_end, row_begin, row_end), stats_begin, stats_end)) {
        cb_wait_front(cb_consts, kConstTiles);
        cb_wait_front(cb_selectors, experts + 1);
    }

#if defined(REVIN)
    // This core's statistics rows: before its logit tiles with STATS_FIRST, else after them, before its gates rows
    // (the experts wait for the statistics first).
    auto statistics_rows = [&]() {
        for (uint32_t row = stats_begin; row < stats_end; ++row) {
            revin_statistics(formats, input_tiles, seq_len % 32 != 0, experts);
        }
    };
#endif
#if defined(REVIN) && defined(STATS_FIRST)
    statistics_rows();
#endif

    // Phase 1: this core's logit tiles.
    uint32_t batch_row = UINT32_MAX;
    for (uint32_t tile = tile_begin; tile < tile_end; ++tile) {
        if (tile / logit_tiles != batch_row) {
            if (batch_row != UINT32_MAX) {
                cb_pop_front(cb_hidden, hidden_tiles);
            }
            batch_row = tile / logit_tiles;
            if (share_members > 1) {
                hidden_layer(formats, feature_tiles, hidden_tiles * share_index / share_members,
                             hidden_tiles * (share_index + 1) / share_members, cb_logits);
            } else {
                hidden_layer(formats, feature_tiles, 0, hidden_tiles, cb_hidden);
            }
            cb_wait_front(cb_hidden, hidden_tiles);
        }
        // Layer 2: one logit tile.
        tile_regs_acquire();
        logit_tile(formats, cb_hidden, hidden_tiles, w2_block);
        pack_to(formats, cb_logits);
#if defined(GATES_PIPELINED)
        // The gates of the rows of the channels this tile holds (the writer gathers them from it), while the reader
        // streams the next tile's layer-2 weights.
        const molegen::TileChannels channels = molegen::channels_of_logit_tile(tile % logit_tiles, channel_stride, layout.channels);
        for (uint32_t c = channels.first; c < channels.end; ++c) {
            gates(formats, experts, top_k);
        }
#endif
    }
    if (batch_row != UINT32_MAX) {
        cb_pop_front(cb_hidden, hidden_tiles);
    }

    // Phase 2: the RevIN statistics of this core's statistics rows first (the experts normalise with them
    // before they need the gates), then the gates of its series rows.
#if defined(REVIN) && !defined(STATS_FIRST)
    statistics_rows();
#endif
    // (with GATES_PIPELINED the row range is empty: the rows came with the logit tiles)
    for (uint32_t row = row_begin; row < row_end; ++row) {
#if defined(PER_ROW_LOGITS)
        row_logits(formats, molegen::LogitTiles(layout, row, experts, channel_stride, expert_stride), feature_tiles,
                   hidden_tiles, w2_block);
#endif
        gates(formats, experts, top_k);
    }
}
