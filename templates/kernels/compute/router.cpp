// Router compute kernel: logits = W2 · relu(W0 · m + b0) + b2 for the output tiles rows
// [row_begin, row_end) × columns [col_begin, col_end) of the [batch × K·C] logits, in fp32
// (Float32 circular buffers, fp32 DST accumulation). Biases arrive folded into the weights: the
// feature tiles carry a constant-1 column and the first layer keeps a constant-1 hidden unit, so
// both layers are plain tile matmuls. The hidden tiles of a batch-tile row stay resident in
// cb_hidden and are reused for every logit column of that row.
#include <cstdint>

#include "compute_kernel_api/common.h"
#include "compute_kernel_api/eltwise_unary/relu.h"
#include "compute_kernel_api/matmul.h"
#include "compute_kernel_api/tile_move_copy.h"
#include "../common/pack_out.hpp"

namespace {

constexpr uint32_t cb_features = tt::CBIndex::c_0;
constexpr uint32_t cb_w0 = tt::CBIndex::c_1;
constexpr uint32_t cb_w2 = tt::CBIndex::c_2;
constexpr uint32_t cb_hidden = tt::CBIndex::c_3;
constexpr uint32_t cb_logits = tt::CBIndex::c_16;

}  // namespace

void kernel_main() {
    const uint32_t row_begin = get_arg_val<uint32_t>(0);
    const uint32_t row_end = get_arg_val<uint32_t>(1);
    const uint32_t col_begin = get_arg_val<uint32_t>(2);
    const uint32_t col_end = get_arg_val<uint32_t>(3);
    const uint32_t feature_tiles = get_arg_val<uint32_t>(4);
    const uint32_t hidden_tiles = get_arg_val<uint32_t>(5);
    const uint32_t w2_block = get_arg_val<uint32_t>(6);

    mm_init(cb_features, cb_w0, cb_hidden);

    for (uint32_t row = row_begin; row < row_end; ++row) {
        // Layer 1 for the row's 32 samples: hidden = relu(features · W0ᵀ_aug).
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
            molegen::pack_to(cb_hidden);
            cb_pop_front(cb_w0, feature_tiles);
        }
        cb_pop_front(cb_features, feature_tiles);
        cb_wait_front(cb_hidden, hidden_tiles);

        // Layer 2, one logit tile per column.
        for (uint32_t col = col_begin; col < col_end; ++col) {
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
            molegen::pack_to(cb_logits);
        }
        cb_pop_front(cb_hidden, hidden_tiles);
    }
}
