// Router compute kernel: logits = W2 · relu(W0 · m + b0) + b2 for the batch rows of each output
// tile this core owns, in fp32 (Float32 circular buffers, fp32 DST accumulation). Biases arrive
// folded into the weights: the feature tiles carry a constant-1 column and the first layer keeps a
// constant-1 hidden unit, so both layers are plain tile matmuls. The hidden tiles of the current
// batch-tile row stay resident in cb_hidden and are reused for every output column.
#include <cstdint>

#include "compute_kernel_api/common.h"
#include "compute_kernel_api/eltwise_unary/relu.h"
#include "compute_kernel_api/matmul.h"
#include "compute_kernel_api/tile_move_copy.h"

void kernel_main() {
    const uint32_t first_tile = get_arg_val<uint32_t>(0);
    const uint32_t num_tiles = get_arg_val<uint32_t>(1);
    const uint32_t feature_tiles = get_arg_val<uint32_t>(2);
    const uint32_t hidden_tiles = get_arg_val<uint32_t>(3);
    const uint32_t logit_tiles = get_arg_val<uint32_t>(4);
    const uint32_t w2_block = get_arg_val<uint32_t>(5);

    constexpr uint32_t cb_features = tt::CBIndex::c_0;
    constexpr uint32_t cb_w0 = tt::CBIndex::c_1;
    constexpr uint32_t cb_w2 = tt::CBIndex::c_2;
    constexpr uint32_t cb_hidden = tt::CBIndex::c_3;
    constexpr uint32_t cb_logits = tt::CBIndex::c_16;

    mm_init(cb_features, cb_w0, cb_hidden);

    uint32_t hidden_row = UINT32_MAX;
    for (uint32_t tile = first_tile; tile < first_tile + num_tiles; ++tile) {
        const uint32_t row = tile / logit_tiles;

        if (row != hidden_row) {
            if (hidden_row != UINT32_MAX) {
                cb_pop_front(cb_hidden, hidden_tiles);
            }
            cb_wait_front(cb_features, feature_tiles);
            for (uint32_t h = 0; h < hidden_tiles; ++h) {
                cb_wait_front(cb_w0, feature_tiles);
                tile_regs_acquire();
                mm_init_short(cb_features, cb_w0);
                for (uint32_t f = 0; f < feature_tiles; ++f) {
                    matmul_tiles(cb_features, cb_w0, f, f, 0);
                }
                relu_tile_init();
                relu_tile(0);
                tile_regs_commit();
                tile_regs_wait();
                cb_reserve_back(cb_hidden, 1);
                pack_tile(0, cb_hidden);
                cb_push_back(cb_hidden, 1);
                tile_regs_release();
                cb_pop_front(cb_w0, feature_tiles);
            }
            cb_pop_front(cb_features, feature_tiles);
            cb_wait_front(cb_hidden, hidden_tiles);
            hidden_row = row;
        }

        tile_regs_acquire();
        mm_init_short(cb_hidden, cb_w2);
        for (uint32_t h0 = 0; h0 < hidden_tiles; h0 += w2_block) {
            const uint32_t block = hidden_tiles - h0 < w2_block ? hidden_tiles - h0 : w2_block;
            cb_wait_front(cb_w2, block);
            for (uint32_t i = 0; i < block; ++i) {
                matmul_tiles(cb_hidden, cb_w2, h0 + i, i, 0);
            }
            cb_pop_front(cb_w2, block);
        }
        tile_regs_commit();
        tile_regs_wait();
        cb_reserve_back(cb_logits, 1);
        pack_tile(0, cb_logits);
        cb_push_back(cb_logits, 1);
        tile_regs_release();
    }
    if (hidden_row != UINT32_MAX) {
        cb_pop_front(cb_hidden, hidden_tiles);
    }
}
