// Compute of matmul_multi_core: num_output_tiles tiles (a compile-time arg: one kernel per core group of
// split_work_to_cores), each the Kt-long matmul_tiles accumulation in DST 0, packed to c_16.
#include <cstdint>

#include "compute_kernel_api/matmul.h"

void kernel_main() {
    constexpr uint32_t num_output_tiles = get_compile_time_arg_val(0);
    constexpr uint32_t Kt = get_compile_time_arg_val(1);

    constexpr uint32_t cb_a = tt::CBIndex::c_0;
    constexpr uint32_t cb_b = tt::CBIndex::c_1;
    constexpr uint32_t cb_out = tt::CBIndex::c_16;

    mm_init(cb_a, cb_b, cb_out);
    for (uint32_t tile = 0; tile < num_output_tiles; ++tile) {
        tile_regs_acquire();
        for (uint32_t kt = 0; kt < Kt; ++kt) {
            cb_wait_front(cb_a, 1);
            cb_wait_front(cb_b, 1);
            matmul_tiles(cb_a, cb_b, 0, 0, 0);
            cb_pop_front(cb_a, 1);
            cb_pop_front(cb_b, 1);
        }
        tile_regs_commit();
        tile_regs_wait();
        cb_reserve_back(cb_out, 1);
        pack_tile(0, cb_out);
        cb_push_back(cb_out, 1);
        tile_regs_release();
    }
}
