// Router reader (RISCV_1). For every router output tile this core owns, it streams what the
// router compute kernel needs from DRAM: the time-feature tiles of the batch-tile row and the
// first-layer weights whenever the row changes, then the second-layer weight tiles of the output
// column in blocks (one read barrier per block).
#include <cstdint>

#include "api/dataflow/dataflow_api.h"

void kernel_main() {
    const uint32_t features_addr = get_arg_val<uint32_t>(0);
    const uint32_t w0_addr = get_arg_val<uint32_t>(1);
    const uint32_t w2_addr = get_arg_val<uint32_t>(2);
    const uint32_t first_tile = get_arg_val<uint32_t>(3);
    const uint32_t num_tiles = get_arg_val<uint32_t>(4);
    const uint32_t feature_tiles = get_arg_val<uint32_t>(5);  // Ft: K dimension of layer 1
    const uint32_t hidden_tiles = get_arg_val<uint32_t>(6);   // Ht: N of layer 1, K of layer 2
    const uint32_t logit_tiles = get_arg_val<uint32_t>(7);    // Zt: N of layer 2
    const uint32_t w2_block = get_arg_val<uint32_t>(8);       // layer-2 weight tiles per read batch

    constexpr uint32_t cb_features = tt::CBIndex::c_0;
    constexpr uint32_t cb_w0 = tt::CBIndex::c_1;
    constexpr uint32_t cb_w2 = tt::CBIndex::c_2;

    constexpr auto features_args = TensorAccessorArgs<0>();
    constexpr auto w0_args = TensorAccessorArgs<features_args.next_compile_time_args_offset()>();
    constexpr auto w2_args = TensorAccessorArgs<w0_args.next_compile_time_args_offset()>();
    const auto features = TensorAccessor(features_args, features_addr, get_tile_size(cb_features));
    const auto w0 = TensorAccessor(w0_args, w0_addr, get_tile_size(cb_w0));
    const auto w2 = TensorAccessor(w2_args, w2_addr, get_tile_size(cb_w2));

    uint32_t loaded_row = UINT32_MAX;
    for (uint32_t tile = first_tile; tile < first_tile + num_tiles; ++tile) {
        const uint32_t row = tile / logit_tiles;
        const uint32_t col = tile % logit_tiles;

        if (row != loaded_row) {
            cb_reserve_back(cb_features, feature_tiles);
            uint32_t l1_addr = get_write_ptr(cb_features);
            for (uint32_t f = 0; f < feature_tiles; ++f) {
                noc_async_read_tile(row * feature_tiles + f, features, l1_addr);
                l1_addr += get_tile_size(cb_features);
            }
            noc_async_read_barrier();
            cb_push_back(cb_features, feature_tiles);

            for (uint32_t h = 0; h < hidden_tiles; ++h) {
                cb_reserve_back(cb_w0, feature_tiles);
                l1_addr = get_write_ptr(cb_w0);
                for (uint32_t f = 0; f < feature_tiles; ++f) {
                    noc_async_read_tile(f * hidden_tiles + h, w0, l1_addr);
                    l1_addr += get_tile_size(cb_w0);
                }
                noc_async_read_barrier();
                cb_push_back(cb_w0, feature_tiles);
            }
            loaded_row = row;
        }

        for (uint32_t h0 = 0; h0 < hidden_tiles; h0 += w2_block) {
            const uint32_t block = hidden_tiles - h0 < w2_block ? hidden_tiles - h0 : w2_block;
            cb_reserve_back(cb_w2, block);
            uint32_t l1_addr = get_write_ptr(cb_w2);
            for (uint32_t i = 0; i < block; ++i) {
                noc_async_read_tile((h0 + i) * logit_tiles + col, w2, l1_addr);
                l1_addr += get_tile_size(cb_w2);
            }
            noc_async_read_barrier();
            cb_push_back(cb_w2, block);
        }
    }
}
