// Experts compute kernel: the fused mixture for the output tiles rows [row_begin, row_end) ×
// columns [col_begin, col_end) of the [series × P] forecast:
//   y = Σ_k diag(g_k)·(h(X)·W_kᵀ) + G·B   (then RevIN's denormalisation, with REVIN)
// where h is the identity (DLinear: the moving average is folded into W_k), RevIN's normalisation
// (REVIN), or normalisation plus the residual time-MLP (REVIN + RESIDUAL_MLP). With REVIN_FOLDED (RLinear) h
// is the identity too and the normalisation is folded into the mixture, since x_n·W_kᵀ = s·(X·W_kᵀ) + u·S_k
// with s = γ/σ, u = β − s·mean and S_k the column sums of W_k (a tile row of the weight set):
//   y = ((s·Σ_k diag(g_k)·(X·W_kᵀ) + (G⊙u)·S + G·B) − β)·σ/(γ+1e-10) + mean
// so the partial forecasts need nothing from the router, RevIN's statistics included. Each expert's partial
// forecast P_k = h(X)·W_kᵀ is accumulated over the Lt input tiles with matmul_tiles and packed; it does
// not depend on the gates, so without REVIN it overlaps the router. The mixture then needs the gates
// only as tiles: one more matmul per expert with the diagonal gate tile diag(g_k) (which scales row r
// of P_k by g[r, k], exactly), and the biases as the gate matrix G (series × experts) times the bias
// tile B (experts × horizon) — all into ONE DST tile per output tile.
// With PARTIALS_FIRST (one program, a core of several rows) every row's partial forecasts are formed before
// the first mixture, so all of them overlap the router, not only the first row's.
// With EXPERT_HELPERS an output tile's experts are split over a group of cores: each forms the partial
// forecasts of its experts; helpers stop there (their writer sends them to the owner), and the owner mixes
// its own and, in expert order, the helpers' — the same tiles into the same DST accumulation as one core.
#include <cstdint>

#include "compute_kernel_api/common.h"
#include "compute_kernel_api/eltwise_binary.h"
#include "compute_kernel_api/eltwise_unary/relu.h"
#include "compute_kernel_api/matmul.h"
#include "compute_kernel_api/pack.h"
#include "compute_kernel_api/reconfig_data_format.h"
#include "compute_kernel_api/tile_move_copy.h"
#include "../common/formats.hpp"

namespace {

constexpr uint32_t cb_x = tt::CBIndex::c_0;
constexpr uint32_t cb_gate = tt::CBIndex::c_1;  // K diagonal gate tiles diag(g_k), then the gate matrix tile
constexpr uint32_t cb_weights = tt::CBIndex::c_2;
constexpr uint32_t cb_partials = tt::CBIndex::c_3;  // P_k of the row's output tiles
constexpr uint32_t cb_helper_partials = tt::CBIndex::c_7;  // EXPERT_HELPERS: the helpers' P_k, owners only
constexpr uint32_t cb_bias = tt::CBIndex::c_5;
constexpr uint32_t cb_revin = tt::CBIndex::c_6;  // mean, γ/σ, β, σ/(γ+1e-10), each repeated along rows
constexpr uint32_t cb_revin_shift = tt::CBIndex::c_4;  // REVIN_FOLDED: u = β − (γ/σ)·mean of the row
constexpr uint32_t cb_gate_shift = tt::CBIndex::c_14;  // REVIN_FOLDED: the gate matrix scaled by u, G⊙u
constexpr uint32_t cb_normalized = tt::CBIndex::c_8;
constexpr uint32_t cb_mlp_w0 = tt::CBIndex::c_9;
constexpr uint32_t cb_mlp_w2 = tt::CBIndex::c_13;
constexpr uint32_t cb_mlp_bias = tt::CBIndex::c_10;
constexpr uint32_t cb_hidden = tt::CBIndex::c_11;
constexpr uint32_t cb_residual = tt::CBIndex::c_12;
constexpr uint32_t cb_out = tt::CBIndex::c_16;

constexpr uint32_t kMean = 0;
constexpr uint32_t kScale = 1;
constexpr uint32_t kBeta = 2;
constexpr uint32_t kDescale = 3;

using molegen::Formats;
using molegen::pack_to;

// DST[0] = DST[0] op (tile `index` of `cb`), element-wise (DST into srcA, the CB's tile into srcB).
template <EltwiseBinaryType op>
void dst_op(Formats& f, uint32_t cb, uint32_t index) {
    f.unpack_b(cb);
    binary_dest_reuse_tiles_init<op, EltwiseBinaryReuseDestType::DEST_TO_SRCA>(cb);
    binary_dest_reuse_tiles<op, EltwiseBinaryReuseDestType::DEST_TO_SRCA>(cb, index, 0);
}

}  // namespace

void kernel_main() {
    uint32_t arg = 0;
    const uint32_t row_begin = get_arg_val<uint32_t>(arg++);
    const uint32_t row_end = get_arg_val<uint32_t>(arg++);
    const uint32_t col_begin = get_arg_val<uint32_t>(arg++);
    const uint32_t col_end = get_arg_val<uint32_t>(arg++);
    const uint32_t input_tiles = get_arg_val<uint32_t>(arg++);   // Lt
    const uint32_t experts = get_arg_val<uint32_t>(arg++);       // K
    const uint32_t hidden_tiles = get_arg_val<uint32_t>(arg++);  // Dt (RESIDUAL_MLP)
    // Resident weights: tile (r, j) of a weight set is at set_base + r·resident_cols + (j − resident_col0).
    const uint32_t resident_tiles = get_arg_val<uint32_t>(arg++);
    const uint32_t resident_cols = get_arg_val<uint32_t>(arg++);
    const uint32_t resident_col0 = get_arg_val<uint32_t>(arg++);
    const uint32_t rows_per_weight_set = get_arg_val<uint32_t>(arg++);  // series-tile rows per set; 0: one set
    // Output on this core's L1 shard of y: tile (row, col) goes to slot (row − row_begin)·shard_cols + col − col_begin.
    const uint32_t out_shard_tiles = get_arg_val<uint32_t>(arg++);
    const uint32_t out_shard_cols = get_arg_val<uint32_t>(arg++);
    // This core's experts [begin, end): all K, or with EXPERT_HELPERS its share of an output tile's group — the
    // owner (begin 0) mixes, taking the other experts' partial forecasts from cb_helper_partials.
    const uint32_t expert_begin = get_arg_val<uint32_t>(arg++);
    const uint32_t expert_end = get_arg_val<uint32_t>(arg++);
    const uint32_t helper_pages = get_arg_val<uint32_t>(arg++);  // pages of cb_helper_partials per row
    const bool owner = expert_begin == 0;
    const uint32_t own_experts = expert_end - expert_begin;
#if !defined(EXPERT_HELPERS)
    (void)helper_pages;
#endif

    const uint32_t expert_tiles = experts * input_tiles;
    const uint32_t gate_matrix = experts;
    mm_init(cb_x, cb_weights, cb_out);
    Formats formats(cb_weights, cb_x, cb_out);
#if defined(WEIGHTS_RESIDENT)
    cb_wait_front(cb_weights, resident_tiles);
#else
    (void)resident_tiles;
    (void)resident_cols;
    (void)resident_col0;
    (void)rows_per_weight_set;
#endif
#if !defined(RESIDUAL_MLP)
    (void)hidden_tiles;
#endif
#if defined(OUT_RESIDENT)
    // Edge shards can be partly empty, so tiles are packed to their shard slot, not in sequence.
    cb_reserve_back(cb_out, out_shard_tiles);
#else
    (void)out_shard_tiles;
    (void)out_shard_cols;
#endif

    // A weight set is K·Lt expert tile rows plus the mixture rows: the bias row, and with REVIN_FOLDED the
    // column-sum row.
#if defined(REVIN_FOLDED)
    constexpr uint32_t kMixtureRows = 2;
#else
    constexpr uint32_t kMixtureRows = 1;
#endif
#if defined(WEIGHTS_RESIDENT)
    auto set_base_of = [&](uint32_t row) -> uint32_t {
        return rows_per_weight_set == 0 ? 0 : (row / rows_per_weight_set) * (expert_tiles + kMixtureRows) * resident_cols;
    };
#endif

    // The row's partial forecasts P_k = h(X)·W_kᵀ of every column: Lt matmuls into one DST tile each, packed to
    // cb_partials. Nothing here needs the gates, so it runs while the router computes them. With REVIN the row's
    // RevIN tiles start at `revin_base` in cb_revin.
    auto form_partials = [&](uint32_t row, uint32_t revin_base) {
        cb_wait_front(cb_x, input_tiles);
        uint32_t source = cb_x;

#if defined(REVIN) && !defined(REVIN_FOLDED)
        // x_n = (x − mean)·(γ/σ) + β, tile by tile.
        cb_wait_front(cb_revin, revin_base + 4);
        for (uint32_t t = 0; t < input_tiles; ++t) {
            tile_regs_acquire();
            formats.unpack_a(cb_x);
            copy_tile_to_dst_init_short(cb_x);
            copy_tile(cb_x, t, 0);
            dst_op<ELWSUB>(formats, cb_revin, revin_base + kMean);
            dst_op<ELWMUL>(formats, cb_revin, revin_base + kScale);
            dst_op<ELWADD>(formats, cb_revin, revin_base + kBeta);
            pack_to(formats, cb_normalized);
        }
        cb_pop_front(cb_x, input_tiles);
        cb_wait_front(cb_normalized, input_tiles);
        source = cb_normalized;
#else
        (void)revin_base;
#endif

#if defined(RESIDUAL_MLP)
        // hidden = relu(x_n · T0ᵀ + t0); x_r = x_n + hidden · T2ᵀ + t2.
        for (uint32_t d = 0; d < hidden_tiles; ++d) {
            tile_regs_acquire();
            formats.unpack(cb_mlp_w0, source);
            mm_init_short(source, cb_mlp_w0);
            cb_wait_front(cb_mlp_w0, input_tiles);
            for (uint32_t t = 0; t < input_tiles; ++t) {
                matmul_tiles(source, cb_mlp_w0, t, t, 0);
            }
            cb_pop_front(cb_mlp_w0, input_tiles);
            cb_wait_front(cb_mlp_bias, 1);
            dst_op<ELWADD>(formats, cb_mlp_bias, 0);
            cb_pop_front(cb_mlp_bias, 1);
            relu_tile_init();
            relu_tile(0);
            pack_to(formats, cb_hidden);
        }
        cb_wait_front(cb_hidden, hidden_tiles);
        for (uint32_t t = 0; t < input_tiles; ++t) {
            tile_regs_acquire();
            formats.unpack(cb_mlp_w2, cb_hidden);
            mm_init_short(cb_hidden, cb_mlp_w2);
            cb_wait_front(cb_mlp_w2, hidden_tiles);
            for (uint32_t d = 0; d < hidden_tiles; ++d) {
                matmul_tiles(cb_hidden, cb_mlp_w2, d, d, 0);
            }
            cb_pop_front(cb_mlp_w2, hidden_tiles);
            cb_wait_front(cb_mlp_bias, 1);
            dst_op<ELWADD>(formats, cb_mlp_bias, 0);
            cb_pop_front(cb_mlp_bias, 1);
            dst_op<ELWADD>(formats, source, t);
            pack_to(formats, cb_residual);
        }
        cb_pop_front(cb_hidden, hidden_tiles);
        cb_pop_front(source, input_tiles);
        cb_wait_front(cb_residual, input_tiles);
        source = cb_residual;
#endif

#if defined(WEIGHTS_RESIDENT)
        const uint32_t set_base = set_base_of(row);
#else
        (void)row;
#endif
        formats.unpack(cb_weights, source);
        mm_init_short(source, cb_weights);
        for (uint32_t col = col_begin; col < col_end; ++col) {
            for (uint32_t k = expert_begin; k < expert_end; ++k) {
                tile_regs_acquire();
#if defined(WEIGHTS_RESIDENT)
                const uint32_t col_in_shard = col - resident_col0;
                for (uint32_t t = 0; t < input_tiles; ++t) {
                    matmul_tiles(source, cb_weights, t, set_base + (k * input_tiles + t) * resident_cols + col_in_shard, 0);
                }
#else
                cb_wait_front(cb_weights, input_tiles);
                for (uint32_t t = 0; t < input_tiles; ++t) {
                    matmul_tiles(source, cb_weights, t, t, 0);
                }
                cb_pop_front(cb_weights, input_tiles);
#endif
                pack_to(formats, cb_partials);
            }
        }
        cb_pop_front(source, input_tiles);
    };

    // The row's mixture: G·B (the biases, weighted by the gate matrix), then diag(g_k)·P_k for every expert, all
    // accumulated into one DST tile per output tile. The row's partial forecasts and RevIN tiles are at the front
    // of their buffers; both are released here.
    auto mix = [&](uint32_t row) {
        const uint32_t partial_tiles = (col_end - col_begin) * own_experts;
        if (!owner) {
            // A helper: its writer sends the partial forecasts to the owner.
#if defined(REVIN) && !defined(REVIN_FOLDED)
            cb_pop_front(cb_revin, 4);
#endif
            return;
        }
#if defined(WEIGHTS_RESIDENT)
        const uint32_t set_base = set_base_of(row);
#else
        (void)row;
#endif
        cb_wait_front(cb_partials, partial_tiles);
#if defined(EXPERT_HELPERS)
        if (own_experts < experts) {
            cb_wait_front(cb_helper_partials, helper_pages);
        }
#endif
        cb_wait_front(cb_gate, experts + 1);
#if defined(REVIN_FOLDED)
        // Once per row: u = β − (γ/σ)·mean, then G⊙u (the gate matrix with row r scaled by u[r]).
        cb_wait_front(cb_revin, 4);
        tile_regs_acquire();
        formats.unpack(cb_revin, cb_revin);
        mul_tiles_init(cb_revin, cb_revin);
        mul_tiles(cb_revin, cb_revin, kScale, kMean, 0);
        formats.unpack_a(cb_revin);
        binary_dest_reuse_tiles_init<ELWSUB, EltwiseBinaryReuseDestType::DEST_TO_SRCB>(cb_revin);
        binary_dest_reuse_tiles<ELWSUB, EltwiseBinaryReuseDestType::DEST_TO_SRCB>(cb_revin, kBeta, 0);
        pack_to(formats, cb_revin_shift);
        cb_wait_front(cb_revin_shift, 1);
        tile_regs_acquire();
        formats.unpack(cb_gate, cb_revin_shift);
        mul_tiles_init(cb_gate, cb_revin_shift);
        mul_tiles(cb_gate, cb_revin_shift, gate_matrix, 0, 0);
        pack_to(formats, cb_gate_shift);
        cb_pop_front(cb_revin_shift, 1);
        cb_wait_front(cb_gate_shift, 1);
#endif
        for (uint32_t col = col_begin; col < col_end; ++col) {
            tile_regs_acquire();
            // The mixture rows of this output tile: the bias tile, then (REVIN_FOLDED) the column-sum tile.
#if defined(WEIGHTS_RESIDENT)
            const uint32_t cb_mixture = cb_weights;
            const uint32_t bias_tile = set_base + expert_tiles * resident_cols + col - resident_col0;
            const uint32_t mixture_stride = resident_cols;
#else
            const uint32_t cb_mixture = cb_bias;
            const uint32_t bias_tile = 0;
            const uint32_t mixture_stride = 1;
            cb_wait_front(cb_bias, kMixtureRows);
#endif
#if !defined(REVIN_FOLDED)
            (void)mixture_stride;
            formats.unpack(cb_mixture, cb_gate);
            mm_init_short(cb_gate, cb_mixture);
            matmul_tiles(cb_gate, cb_mixture, gate_matrix, bias_tile, 0);
#endif
            formats.unpack(cb_partials, cb_gate);
            mm_init_short(cb_gate, cb_partials);
            for (uint32_t k = 0; k < own_experts; ++k) {
                matmul_tiles(cb_gate, cb_partials, k, (col - col_begin) * own_experts + k, 0);
            }
#if defined(EXPERT_HELPERS)
            // The helpers' experts, in expert order after this core's: the same DST accumulation as one core's.
            if (own_experts < experts) {
                formats.unpack(cb_helper_partials, cb_gate);
                mm_init_short(cb_gate, cb_helper_partials);
                const uint32_t helper_experts = experts - own_experts;
                for (uint32_t k = own_experts; k < experts; ++k) {
                    matmul_tiles(cb_gate, cb_helper_partials, k, (col - col_begin) * helper_experts + (k - own_experts), 0);
                }
            }
#endif
#if defined(REVIN_FOLDED)
            // o = (γ/σ)·Σ_k diag(g_k)·P_k + (G⊙u)·S + G·B: the normalisation, applied after the matmuls.
            dst_op<ELWMUL>(formats, cb_revin, kScale);
            formats.unpack(cb_mixture, cb_gate_shift);
            mm_init_short(cb_gate_shift, cb_mixture);
            matmul_tiles(cb_gate_shift, cb_mixture, 0, bias_tile + mixture_stride, 0);
            formats.unpack(cb_mixture, cb_gate);
            mm_init_short(cb_gate, cb_mixture);
            matmul_tiles(cb_gate, cb_mixture, gate_matrix, bias_tile, 0);
#endif
#if !defined(WEIGHTS_RESIDENT)
            cb_pop_front(cb_bias, kMixtureRows);
#endif
#if defined(REVIN)
            // y = (o − β)·σ/(γ + 1e-10) + mean.
            dst_op<ELWSUB>(formats, cb_revin, kBeta);
            dst_op<ELWMUL>(formats, cb_revin, kDescale);
            dst_op<ELWADD>(formats, cb_revin, kMean);
#endif
#if defined(OUT_RESIDENT)
            tile_regs_commit();
            tile_regs_wait();
            formats.pack(cb_out);
            pack_tile<true>(0, cb_out, (row - row_begin) * out_shard_cols + (col - col_begin));
            tile_regs_release();
#else
            pack_to(formats, cb_out);
#endif
        }
        cb_pop_front(cb_partials, partial_tiles);
#if defined(EXPERT_HELPERS)
        if (own_experts < experts) {
            cb_pop_front(cb_helper_partials, helper_pages);
        }
#endif
        cb_pop_front(cb_gate, experts + 1);
#if defined(REVIN_FOLDED)
        cb_pop_front(cb_gate_shift, 1);
#endif
#if defined(REVIN)
        cb_pop_front(cb_revin, 4);
#endif
    };

#if defined(PARTIALS_FIRST)
    // Every row's partial forecasts first (cb_partials and cb_revin hold all of this core's rows), so all of them
    // overlap the router; then the mixtures, row by row as the gates are read.
    for (uint32_t row = row_begin; row < row_end; ++row) {
#if defined(REVIN_FOLDED)
        form_partials(row, 0);  // the RevIN tiles come with the mixture
#else
        form_partials(row, (row - row_begin) * 4);
#endif
    }
    for (uint32_t row = row_begin; row < row_end; ++row) {
        mix(row);
    }
#else
    for (uint32_t row = row_begin; row < row_end; ++row) {
        form_partials(row, 0);
        mix(row);
    }
#endif
#if defined(OUT_RESIDENT)
    cb_push_back(cb_out, out_shard_tiles);
#endif
}
