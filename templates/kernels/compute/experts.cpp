// Experts compute kernel: the fused mixture y = Σ_k diag(g_k) · (X_aug · W_augᵀ_k) for the output
// tiles this core owns. Because the mixture is linear, each input tile is scaled by the gate
// first (column broadcast: row r times g[r, k]); then every expert and every input tile
// accumulates into ONE DST tile with matmul_tiles — no partial sums leave DST. Biases ride along
// as the last weight row, matched by the constant-1 input column (which the gate also scales).
#include <cstdint>

#include "compute_kernel_api/bcast.h"
#include "compute_kernel_api/common.h"
#include "compute_kernel_api/matmul.h"
#include "compute_kernel_api/tile_move_copy.h"

void kernel_main() {
    const uint32_t first_tile = get_arg_val<uint32_t>(0);
    const uint32_t num_tiles = get_arg_val<uint32_t>(1);
    const uint32_t horizon_tiles = get_arg_val<uint32_t>(2);  // Pt
    const uint32_t input_tiles = get_arg_val<uint32_t>(3);    // Lt
    const uint32_t experts = get_arg_val<uint32_t>(4);        // K

    constexpr uint32_t cb_x = tt::CBIndex::c_0;
    constexpr uint32_t cb_gate = tt::CBIndex::c_1;
    constexpr uint32_t cb_weights = tt::CBIndex::c_2;
    constexpr uint32_t cb_scaled = tt::CBIndex::c_3;
    constexpr uint32_t cb_out = tt::CBIndex::c_16;

    const uint32_t scaled_tiles = experts * input_tiles;
    mm_init(cb_scaled, cb_weights, cb_out);

    uint32_t current_row = UINT32_MAX;
    for (uint32_t tile = first_tile; tile < first_tile + num_tiles; ++tile) {
        const uint32_t row = tile / horizon_tiles;

        if (row != current_row) {
            if (current_row != UINT32_MAX) {
                cb_pop_front(cb_scaled, scaled_tiles);
            }
            cb_wait_front(cb_gate, experts);
            cb_wait_front(cb_x, input_tiles);
            mul_bcast_cols_init_short(cb_x, cb_gate);
            for (uint32_t k = 0; k < experts; ++k) {
                for (uint32_t t = 0; t < input_tiles; ++t) {
                    tile_regs_acquire();
                    mul_tiles_bcast_cols(cb_x, cb_gate, t, k, 0);
                    tile_regs_commit();
                    tile_regs_wait();
                    cb_reserve_back(cb_scaled, 1);
                    pack_tile(0, cb_scaled);
                    cb_push_back(cb_scaled, 1);
                    tile_regs_release();
                }
            }
            cb_pop_front(cb_x, input_tiles);
            cb_pop_front(cb_gate, experts);
            cb_wait_front(cb_scaled, scaled_tiles);
            mm_init_short(cb_scaled, cb_weights);
            current_row = row;
        }

        tile_regs_acquire();
        for (uint32_t k = 0; k < experts; ++k) {
            cb_wait_front(cb_weights, input_tiles);
            for (uint32_t t = 0; t < input_tiles; ++t) {
                matmul_tiles(cb_scaled, cb_weights, k * input_tiles + t, t, 0);
            }
            cb_pop_front(cb_weights, input_tiles);
        }
        tile_regs_commit();
        tile_regs_wait();
        cb_reserve_back(cb_out, 1);
        pack_tile(0, cb_out);
        cb_push_back(cb_out, 1);
        tile_regs_release();
    }
    if (current_row != UINT32_MAX) {
        cb_pop_front(cb_scaled, scaled_tiles);
    }
}
