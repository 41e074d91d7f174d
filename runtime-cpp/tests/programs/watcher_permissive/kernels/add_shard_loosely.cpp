// y = x + s with the protocol slips the hardware tolerates: c_1 (on an L1 buffer holding s) is read without
// cb_wait_front, c_16 is packed and pushed without cb_reserve_back, and DST is released twice.
#include <cstdint>

#include "compute_kernel_api/eltwise_binary.h"
#include "compute_kernel_api/tile_move_copy.h"

void kernel_main() {
    constexpr uint32_t cb_x = tt::CBIndex::c_0;
    constexpr uint32_t cb_s = tt::CBIndex::c_1;
    constexpr uint32_t cb_y = tt::CBIndex::c_16;
    binary_op_init_common(cb_x, cb_s, cb_y);
    add_tiles_init(cb_x, cb_s);

    cb_wait_front(cb_x, 1);
    tile_regs_acquire();
    add_tiles(cb_x, cb_s, 0, 0, 0);
    tile_regs_commit();
    tile_regs_wait();
    pack_tile(0, cb_y);
    tile_regs_release();
    release_dst();
    cb_push_back(cb_y, 1);
    cb_pop_front(cb_x, 1);
}
