// Compute of eltwise_binary: C = A op B tile by tile, op chosen by the host through the defines
// BINARY_OP_INIT / BINARY_OP (add_tiles, sub_tiles or mul_tiles).
#include <cstdint>

#include "compute_kernel_api/eltwise_binary.h"
#include "compute_kernel_api/tile_move_copy.h"

#ifndef BINARY_OP
#define BINARY_OP_INIT add_tiles_init
#define BINARY_OP add_tiles
#endif

void kernel_main() {
    const uint32_t n_tiles = get_arg_val<uint32_t>(0);
    constexpr uint32_t cb_a = tt::CBIndex::c_0;
    constexpr uint32_t cb_b = tt::CBIndex::c_1;
    constexpr uint32_t cb_out = tt::CBIndex::c_16;
    constexpr uint32_t dst_reg = 0;

    binary_op_init_common(cb_a, cb_b, cb_out);
    BINARY_OP_INIT(cb_a, cb_b);

    for (uint32_t i = 0; i < n_tiles; ++i) {
        cb_wait_front(cb_a, 1);
        cb_wait_front(cb_b, 1);
        tile_regs_acquire();
        BINARY_OP(cb_a, cb_b, 0, 0, dst_reg);
        tile_regs_commit();

        tile_regs_wait();
        cb_reserve_back(cb_out, 1);
        pack_tile(dst_reg, cb_out);
        cb_push_back(cb_out, 1);
        tile_regs_release();

        cb_pop_front(cb_a, 1);
        cb_pop_front(cb_b, 1);
    }
}
