// Experts reader (RISCV_1). Output tiles are (series-tile row, horizon-tile column) pairs of the
// [B·C series × P] result. When this core moves to a new series row it
//   1. turns the router logits of those 32 series into gates: softmax over the K experts of each
//      (sample, channel), in fp32, and writes them as K gate tiles (gate of series r in row r,
//      column 0) for the compute kernel's column broadcast;
//   2. reads the row's input tiles (the series laid out along the rows, a constant-1 bias column
//      after the last time step).
// For every output tile it then reads, expert by expert, the column of weight tiles the matmul
// needs, one read barrier per expert block.
#include <cstdint>

#include "api/dataflow/dataflow_api.h"
#include "../common/tile_math.hpp"

namespace {

constexpr uint32_t kMaxExperts = 16;

// Writes `value` at (row, 0) of a tile whose other elements were zeroed, in the CB's format.
template <bool kFp32>
void store_gate(uint32_t tile_addr, uint32_t row, float value) {
    const uint32_t offset = molegen::tile_element_offset(row, 0);
    if constexpr (kFp32) {
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

}  // namespace

void kernel_main() {
    const uint32_t x_addr = get_arg_val<uint32_t>(0);
    const uint32_t weights_addr = get_arg_val<uint32_t>(1);
    const uint32_t logits_addr = get_arg_val<uint32_t>(2);
    const uint32_t first_tile = get_arg_val<uint32_t>(3);
    const uint32_t num_tiles = get_arg_val<uint32_t>(4);
    const uint32_t horizon_tiles = get_arg_val<uint32_t>(5);   // Pt
    const uint32_t input_tiles = get_arg_val<uint32_t>(6);     // Lt (time steps + bias column)
    const uint32_t experts = get_arg_val<uint32_t>(7);         // K
    const uint32_t channels = get_arg_val<uint32_t>(8);        // C
    const uint32_t series = get_arg_val<uint32_t>(9);          // B·C (rows past it are padding)
    const uint32_t logit_tiles = get_arg_val<uint32_t>(10);    // Zt: tiles per row of the logits
    const uint32_t channel_stride = get_arg_val<uint32_t>(11); // logit column = c·channel_stride
    const uint32_t expert_stride = get_arg_val<uint32_t>(12);  //              + k·expert_stride

    constexpr bool kActivationsFp32 = get_compile_time_arg_val(0) == 1;
    constexpr uint32_t cb_x = tt::CBIndex::c_0;
    constexpr uint32_t cb_gate = tt::CBIndex::c_1;
    constexpr uint32_t cb_weights = tt::CBIndex::c_2;
    constexpr uint32_t cb_logit_scratch = tt::CBIndex::c_4;

    constexpr auto x_args = TensorAccessorArgs<1>();
    constexpr auto weights_args = TensorAccessorArgs<x_args.next_compile_time_args_offset()>();
    constexpr auto logits_args = TensorAccessorArgs<weights_args.next_compile_time_args_offset()>();
    const auto x = TensorAccessor(x_args, x_addr, get_tile_size(cb_x));
    const auto weights = TensorAccessor(weights_args, weights_addr, get_tile_size(cb_weights));
    const auto logits = TensorAccessor(logits_args, logits_addr, get_tile_size(cb_logit_scratch));

    // The scratch CB is private to this kernel: reserved once, used as a one-tile cache of logits.
    cb_reserve_back(cb_logit_scratch, 1);
    const uint32_t scratch_addr = get_write_ptr(cb_logit_scratch);
    volatile tt_l1_ptr float* scratch = reinterpret_cast<volatile tt_l1_ptr float*>(scratch_addr);
    uint32_t cached_logit_tile = UINT32_MAX;

    uint32_t current_row = UINT32_MAX;
    for (uint32_t tile = first_tile; tile < first_tile + num_tiles; ++tile) {
        const uint32_t row = tile / horizon_tiles;
        const uint32_t col = tile % horizon_tiles;

        if (row != current_row) {
            cb_reserve_back(cb_gate, experts);
            const uint32_t gate_addr = get_write_ptr(cb_gate);
            const uint32_t gate_tile_bytes = get_tile_size(cb_gate);
            zero_words(gate_addr, experts * gate_tile_bytes);
            for (uint32_t r = 0; r < molegen::kTileDim; ++r) {
                const uint32_t s = row * molegen::kTileDim + r;
                if (s >= series) {
                    break;  // padding rows keep gate 0, so their outputs are 0
                }
                const uint32_t sample = s / channels;
                const uint32_t channel = s % channels;
                float logit[kMaxExperts];
                float max_logit = -3.402823466e38f;
                for (uint32_t k = 0; k < experts; ++k) {
                    const uint32_t column = channel * channel_stride + k * expert_stride;
                    const uint32_t logit_tile =
                        (sample / molegen::kTileDim) * logit_tiles + column / molegen::kTileDim;
                    if (logit_tile != cached_logit_tile) {
                        noc_async_read_tile(logit_tile, logits, scratch_addr);
                        noc_async_read_barrier();
                        cached_logit_tile = logit_tile;
                    }
                    logit[k] = scratch[molegen::tile_element_offset(
                        sample % molegen::kTileDim, column % molegen::kTileDim)];
                    max_logit = logit[k] > max_logit ? logit[k] : max_logit;
                }
                float total = 0.0f;
                for (uint32_t k = 0; k < experts; ++k) {
                    logit[k] = molegen::exp_nonpositive(logit[k] - max_logit);
                    total += logit[k];
                }
                for (uint32_t k = 0; k < experts; ++k) {
                    store_gate<kActivationsFp32>(gate_addr + k * gate_tile_bytes, r, logit[k] / total);
                }
            }
            cb_push_back(cb_gate, experts);

            cb_reserve_back(cb_x, input_tiles);
            uint32_t l1_addr = get_write_ptr(cb_x);
            for (uint32_t t = 0; t < input_tiles; ++t) {
                noc_async_read_tile(row * input_tiles + t, x, l1_addr);
                l1_addr += get_tile_size(cb_x);
            }
            noc_async_read_barrier();
            cb_push_back(cb_x, input_tiles);
            current_row = row;
        }

        for (uint32_t k = 0; k < experts; ++k) {
            cb_reserve_back(cb_weights, input_tiles);
            uint32_t l1_addr = get_write_ptr(cb_weights);
            for (uint32_t t = 0; t < input_tiles; ++t) {
                noc_async_read_tile((k * input_tiles + t) * horizon_tiles + col, weights, l1_addr);
                l1_addr += get_tile_size(cb_weights);
            }
            noc_async_read_barrier();
            cb_push_back(cb_weights, input_tiles);
        }
    }
}
