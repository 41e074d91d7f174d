// Compute of compute_dst_fault: copies the input tile through DST tile DST_INDEX (a compile-time arg)
// to the output. With DST_INDEX at or past the DST capacity the emulator must fault on copy_tile.
#include <cstdint>

#include "compute_kernel_api/common.h"
#include "compute_kernel_api/eltwise_unary/eltwise_unary.h"
#include "compute_kernel_api/tile_move_copy.h"

void kernel_main() {
    constexpr uint32_t dst_index = get_compile_time_arg_val(0);
    constexpr uint32_t cb_in = tt::CBIndex::c_0;
    constexpr uint32_t cb_out = tt::CBIndex::c_16;

    unary_op_init_common(cb_in, cb_out);
    copy_tile_init(cb_in);
    tile_regs_acquire();
    cb_wait_front(cb_in, 1);
    copy_tile(cb_in, 0, dst_index);
    tile_regs_commit();
    tile_regs_wait();
    cb_reserve_back(cb_out, 1);
    pack_tile(dst_index, cb_out);
    cb_push_back(cb_out, 1);
    tile_regs_release();
    cb_pop_front(cb_in, 1);
}
