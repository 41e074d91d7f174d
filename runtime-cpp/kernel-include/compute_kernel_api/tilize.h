// Row-major -> tile conversion on the compute core (tt-metal compute_kernel_api/tilize.h). The kernel
// still does cb_wait_front/cb_reserve_back/cb_push_back/cb_pop_front around tilize_block itself.
#pragma once

#include "compute_kernel_api/common.h"

namespace ckernel {

ALWI void tilize_init(uint32_t icb, uint32_t block, uint32_t ocb) {
    (void)icb;
    (void)block;
    (void)ocb;
}
ALWI void tilize_init_short(uint32_t icb, uint32_t block, uint32_t ocb) { tilize_init(icb, block, ocb); }
ALWI void tilize_uninit(uint32_t icb, uint32_t ocb) {
    (void)icb;
    (void)ocb;
}
ALWI void tilize_block(uint32_t icb, uint32_t block, uint32_t ocb) { emu::compute::tilize_block(icb, block, ocb); }

}  // namespace ckernel
