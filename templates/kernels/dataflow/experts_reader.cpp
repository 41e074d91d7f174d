// Experts reader (RISCV_1). This core owns the output tiles rows [row_begin, row_end) ×
// horizon columns [col_begin, col_end) of the [series × P] forecast. For each series-tile row it
//   1. turns the router logits of the row's 32 series into gates — top-k of the K logits (ties to
//      the lower expert), softmax over the kept ones in fp32, zero for the rest — and writes K gate
//      column tiles (gate of series r at (r, 0), for the column broadcast) plus one gate matrix
//      tile (gate of series r, expert k at (r, k), which multiplies the bias tile); the core that
//      owns the row's first column also stores the gate matrix in the gates tensor, so the host can
//      check which experts were selected;
//   2. makes the row's input tiles available (read from the tensor, or already in this core's L1
//      shard when X_RESIDENT);
//   3. with REVIN, computes each series' mean and standard deviation over time from those tiles
//      and writes four per-row tiles: mean, γ/σ, β and σ/(γ + 1e-10), each value repeated along
//      the row (RevIN's normalisation and denormalisation as element-wise tile operations);
//   4. with RESIDUAL_MLP, streams the time-MLP's weight and bias tiles in the order compute uses them.
// For every output tile it then streams the bias tile and the K expert weight columns (one read
// barrier per block), unless the weights are resident in L1 (WEIGHTS_RESIDENT), in which case it
// publishes the resident pages once.
#include <cstdint>

#include "api/dataflow/dataflow_api.h"
#include "../common/block_read.hpp"
#include "../common/series.hpp"
#include "../common/tile_math.hpp"

namespace {

constexpr uint32_t kMaxExperts = 16;
constexpr uint32_t cb_x = tt::CBIndex::c_0;
constexpr uint32_t cb_gate = tt::CBIndex::c_1;
constexpr uint32_t cb_weights = tt::CBIndex::c_2;
constexpr uint32_t cb_logit_scratch = tt::CBIndex::c_4;
constexpr uint32_t cb_bias = tt::CBIndex::c_5;
constexpr uint32_t cb_revin = tt::CBIndex::c_6;
constexpr uint32_t cb_revin_scratch = tt::CBIndex::c_7;
constexpr uint32_t cb_mlp_w0 = tt::CBIndex::c_9;
constexpr uint32_t cb_mlp_w2 = tt::CBIndex::c_13;
constexpr uint32_t cb_mlp_bias = tt::CBIndex::c_10;
constexpr bool kActivationsFp32 = get_compile_time_arg_val(0) == 1;

// Element (row, col) of an activation tile as float.
float load_activation(uint32_t tile_addr, uint32_t row, uint32_t col) {
    const uint32_t offset = molegen::tile_element_offset(row, col);
    if constexpr (kActivationsFp32) {
        return reinterpret_cast<volatile tt_l1_ptr float*>(tile_addr)[offset];
    } else {
        return molegen::bf16_to_float(reinterpret_cast<volatile tt_l1_ptr uint16_t*>(tile_addr)[offset]);
    }
}

void store_activation(uint32_t tile_addr, uint32_t row, uint32_t col, float value) {
    const uint32_t offset = molegen::tile_element_offset(row, col);
    if constexpr (kActivationsFp32) {
        reinterpret_cast<volatile tt_l1_ptr float*>(tile_addr)[offset] = value;
    } else {
        reinterpret_cast<volatile tt_l1_ptr uint16_t*>(tile_addr)[offset] = molegen::float_to_bf16(value);
    }
}

void zero_words(uint32_t addr, uint32_t bytes) {
    volatile tt_l1_ptr uint32_t* words = reinterpret_cast<volatile tt_l1_ptr uint32_t*>(addr);
    for (uint32_t i = 0; i < bytes / 4; ++i) {
        words[i] = 0;
    }
}

// A one-tile cache in front of a DRAM tensor of fp32 tiles (router logits, RevIN parameters).
template <typename Accessor>
struct TileCache {
    const Accessor& tensor;
    uint32_t addr;
    uint32_t cached = UINT32_MAX;

    float at(uint32_t tiles_per_row, uint32_t row, uint32_t col) {
        const uint32_t tile = (row / molegen::kTileDim) * tiles_per_row + col / molegen::kTileDim;
        if (tile != cached) {
            noc_async_read_tile(tile, tensor, addr);
            noc_async_read_barrier();
            cached = tile;
        }
        return reinterpret_cast<volatile tt_l1_ptr float*>(addr)[molegen::tile_element_offset(
            row % molegen::kTileDim, col % molegen::kTileDim)];
    }
};

}  // namespace

void kernel_main() {
    uint32_t arg = 0;
    const uint32_t x_addr = get_arg_val<uint32_t>(arg++);
    const uint32_t weights_addr = get_arg_val<uint32_t>(arg++);
    const uint32_t logits_addr = get_arg_val<uint32_t>(arg++);
    const uint32_t gates_addr = get_arg_val<uint32_t>(arg++);
    const uint32_t row_begin = get_arg_val<uint32_t>(arg++);
    const uint32_t row_end = get_arg_val<uint32_t>(arg++);
    const uint32_t col_begin = get_arg_val<uint32_t>(arg++);
    const uint32_t col_end = get_arg_val<uint32_t>(arg++);
    const uint32_t horizon_tiles = get_arg_val<uint32_t>(arg++);     // Pt: tiles per weight row
    const uint32_t input_tiles = get_arg_val<uint32_t>(arg++);       // Lt
    const uint32_t experts = get_arg_val<uint32_t>(arg++);           // K
    const uint32_t top_k = get_arg_val<uint32_t>(arg++);
    const uint32_t logit_tiles = get_arg_val<uint32_t>(arg++);       // Zt: tiles per row of the logits
    const uint32_t channel_stride = get_arg_val<uint32_t>(arg++);    // logit column = c·channel_stride
    const uint32_t expert_stride = get_arg_val<uint32_t>(arg++);     //              + k·expert_stride
    const molegen::SeriesLayout layout{get_arg_val<uint32_t>(arg++), get_arg_val<uint32_t>(arg++),
                                       get_arg_val<uint32_t>(arg++)};
    const uint32_t weight_set_rows = get_arg_val<uint32_t>(arg++);   // K·Lt + 1 tile rows per weight set
    const uint32_t resident_weight_tiles = get_arg_val<uint32_t>(arg++);
    const uint32_t revin_addr = get_arg_val<uint32_t>(arg++);
    const uint32_t revin_tiles = get_arg_val<uint32_t>(arg++);       // tiles per row of the RevIN parameters
    const uint32_t mlp_w0_addr = get_arg_val<uint32_t>(arg++);
    const uint32_t mlp_b0_addr = get_arg_val<uint32_t>(arg++);
    const uint32_t mlp_w2_addr = get_arg_val<uint32_t>(arg++);
    const uint32_t mlp_b2_addr = get_arg_val<uint32_t>(arg++);
    const uint32_t hidden_tiles = get_arg_val<uint32_t>(arg++);      // Dt
    const uint32_t seq_len = get_arg_val<uint32_t>(arg++);           // L

    constexpr auto x_args = TensorAccessorArgs<1>();
    constexpr auto weights_args = TensorAccessorArgs<x_args.next_compile_time_args_offset()>();
    constexpr auto logits_args = TensorAccessorArgs<weights_args.next_compile_time_args_offset()>();
    const auto x = TensorAccessor(x_args, x_addr, get_tile_size(cb_x));
    const auto weights = TensorAccessor(weights_args, weights_addr, get_tile_size(cb_weights));
    const auto logits = TensorAccessor(logits_args, logits_addr, get_tile_size(cb_logit_scratch));
    constexpr auto gates_args = TensorAccessorArgs<logits_args.next_compile_time_args_offset()>();
    const auto gates = TensorAccessor(gates_args, gates_addr, get_tile_size(cb_gate));
#if defined(REVIN)
    constexpr auto revin_args = TensorAccessorArgs<gates_args.next_compile_time_args_offset()>();
    const auto revin = TensorAccessor(revin_args, revin_addr, get_tile_size(cb_revin_scratch));
    cb_reserve_back(cb_revin_scratch, 1);
    TileCache<decltype(revin)> revin_params{revin, get_write_ptr(cb_revin_scratch)};
#else
    (void)revin_addr;
    (void)revin_tiles;
    (void)seq_len;
#endif
#if defined(RESIDUAL_MLP)
#if defined(REVIN)
    constexpr uint32_t mlp_args_offset = revin_args.next_compile_time_args_offset();
#else
    constexpr uint32_t mlp_args_offset = gates_args.next_compile_time_args_offset();
#endif
    constexpr auto mlp_w0_args = TensorAccessorArgs<mlp_args_offset>();
    constexpr auto mlp_b0_args = TensorAccessorArgs<mlp_w0_args.next_compile_time_args_offset()>();
    constexpr auto mlp_w2_args = TensorAccessorArgs<mlp_b0_args.next_compile_time_args_offset()>();
    constexpr auto mlp_b2_args = TensorAccessorArgs<mlp_w2_args.next_compile_time_args_offset()>();
    const auto mlp_w0 = TensorAccessor(mlp_w0_args, mlp_w0_addr, get_tile_size(cb_mlp_w0));
    const auto mlp_b0 = TensorAccessor(mlp_b0_args, mlp_b0_addr, get_tile_size(cb_mlp_bias));
    const auto mlp_w2 = TensorAccessor(mlp_w2_args, mlp_w2_addr, get_tile_size(cb_mlp_w2));
    const auto mlp_b2 = TensorAccessor(mlp_b2_args, mlp_b2_addr, get_tile_size(cb_mlp_bias));
#else
    (void)mlp_w0_addr;
    (void)mlp_b0_addr;
    (void)mlp_w2_addr;
    (void)mlp_b2_addr;
    (void)hidden_tiles;
#endif

    cb_reserve_back(cb_logit_scratch, 1);
    TileCache<decltype(logits)> logit_cache{logits, get_write_ptr(cb_logit_scratch)};

#if defined(WEIGHTS_RESIDENT)
    // The weights already sit in this core's L1 shard under cb_weights: publish them once.
    cb_reserve_back(cb_weights, resident_weight_tiles);
    cb_push_back(cb_weights, resident_weight_tiles);
#else
    (void)resident_weight_tiles;
#endif

    for (uint32_t row = row_begin; row < row_end; ++row) {
        // 1. Gates.
        cb_reserve_back(cb_gate, experts + 1);
        const uint32_t gate_addr = get_write_ptr(cb_gate);
        const uint32_t gate_tile_bytes = get_tile_size(cb_gate);
        const uint32_t gate_matrix_addr = gate_addr + experts * gate_tile_bytes;
        zero_words(gate_addr, (experts + 1) * gate_tile_bytes);
        for (uint32_t r = 0; r < molegen::kTileDim; ++r) {
            uint32_t b = 0;
            uint32_t c = 0;
            if (!layout.series_at(row * molegen::kTileDim + r, b, c)) {
                continue;  // padding rows keep gate 0, so their outputs are 0
            }
            float logit[kMaxExperts];
            bool kept[kMaxExperts];
            for (uint32_t k = 0; k < experts; ++k) {
                logit[k] = logit_cache.at(logit_tiles, b, c * channel_stride + k * expert_stride);
                kept[k] = false;
            }
            for (uint32_t rank = 0; rank < top_k; ++rank) {
                uint32_t best = experts;
                for (uint32_t k = 0; k < experts; ++k) {
                    if (!kept[k] && (best == experts || logit[k] > logit[best])) {
                        best = k;
                    }
                }
                kept[best] = true;
            }
            float max_logit = -3.402823466e38f;
            for (uint32_t k = 0; k < experts; ++k) {
                if (kept[k] && logit[k] > max_logit) {
                    max_logit = logit[k];
                }
            }
            float total = 0.0f;
            for (uint32_t k = 0; k < experts; ++k) {
                logit[k] = kept[k] ? molegen::exp_nonpositive(logit[k] - max_logit) : 0.0f;
                total += logit[k];
            }
            for (uint32_t k = 0; k < experts; ++k) {
                const float gate = logit[k] / total;
                store_activation(gate_addr + k * gate_tile_bytes, r, 0, gate);
                store_activation(gate_matrix_addr, r, k, gate);
            }
        }
        if (col_begin == 0) {
            noc_async_write_tile(row, gates, gate_matrix_addr);
            noc_async_write_barrier();
        }
        cb_push_back(cb_gate, experts + 1);

        // 2. Inputs.
        cb_reserve_back(cb_x, input_tiles);
        const uint32_t x_row_addr = get_write_ptr(cb_x);
#if !defined(X_RESIDENT)
        uint32_t l1_addr = x_row_addr;
        for (uint32_t t = 0; t < input_tiles; ++t) {
            noc_async_read_tile(row * input_tiles + t, x, l1_addr);
            l1_addr += get_tile_size(cb_x);
        }
        noc_async_read_barrier();
#endif
#if defined(REVIN)
        // 3. RevIN statistics of each series of the row, from the input tiles in L1.
        cb_reserve_back(cb_revin, 4);
        const uint32_t revin_addr_l1 = get_write_ptr(cb_revin);
        const uint32_t revin_tile_bytes = get_tile_size(cb_revin);
        zero_words(revin_addr_l1, 4 * revin_tile_bytes);
        for (uint32_t r = 0; r < molegen::kTileDim; ++r) {
            uint32_t b = 0;
            uint32_t c = 0;
            if (!layout.series_at(row * molegen::kTileDim + r, b, c)) {
                continue;
            }
            float sum = 0.0f;
            for (uint32_t l = 0; l < seq_len; ++l) {
                sum += load_activation(x_row_addr + (l / molegen::kTileDim) * get_tile_size(cb_x), r, l % molegen::kTileDim);
            }
            const float mean = sum / static_cast<float>(seq_len);
            float squares = 0.0f;
            for (uint32_t l = 0; l < seq_len; ++l) {
                const float d =
                    load_activation(x_row_addr + (l / molegen::kTileDim) * get_tile_size(cb_x), r, l % molegen::kTileDim) - mean;
                squares += d * d;
            }
            const float sigma = molegen::sqrt_nonnegative(squares / static_cast<float>(seq_len) + 1e-5f);
            const float gamma = revin_params.at(revin_tiles, 0, c);
            const float beta = revin_params.at(revin_tiles, 1, c);
            const float values[4] = {mean, gamma / sigma, beta, sigma / (gamma + 1e-10f)};
            for (uint32_t which = 0; which < 4; ++which) {
                for (uint32_t col = 0; col < molegen::kTileDim; ++col) {
                    store_activation(revin_addr_l1 + which * revin_tile_bytes, r, col, values[which]);
                }
            }
        }
#endif
        cb_push_back(cb_x, input_tiles);
#if defined(REVIN)
        cb_push_back(cb_revin, 4);
#endif

#if defined(RESIDUAL_MLP)
        // 4. Time-MLP weights, in the order compute consumes them.
        for (uint32_t d = 0; d < hidden_tiles; ++d) {
            molegen::read_block(mlp_w0, cb_mlp_w0, d, input_tiles, hidden_tiles);
            molegen::read_block(mlp_b0, cb_mlp_bias, d, 1, 1);
        }
        for (uint32_t t = 0; t < input_tiles; ++t) {
            molegen::read_block(mlp_w2, cb_mlp_w2, t, hidden_tiles, input_tiles);
            molegen::read_block(mlp_b2, cb_mlp_bias, t, 1, 1);
        }
#endif

#if !defined(WEIGHTS_RESIDENT)
        // Weight set of this row: shared, or the row's channel for per-channel experts.
        uint32_t b0 = 0;
        uint32_t channel = 0;
        layout.series_at(row * molegen::kTileDim, b0, channel);
        const uint32_t set_row = layout.channel_major() ? channel * weight_set_rows : 0;
        for (uint32_t col = col_begin; col < col_end; ++col) {
            molegen::read_block(weights, cb_bias, (set_row + experts * input_tiles) * horizon_tiles + col, 1, 1);
            for (uint32_t k = 0; k < experts; ++k) {
                molegen::read_block(weights, cb_weights, (set_row + k * input_tiles) * horizon_tiles + col, input_tiles, horizon_tiles);
            }
        }
#else
        (void)col_begin;
        (void)col_end;
        (void)horizon_tiles;
        (void)weight_set_rows;
#endif
    }
}
