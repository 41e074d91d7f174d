// Tile -> row-major conversion on the compute core (tt-metal compute_kernel_api/untilize.h).
#pragma once

#include "compute_kernel_api/common.h"

namespace ckernel {

ALWI void untilize_init(uint32_t icb) { (void)icb; }
ALWI void untilize_init_short(uint32_t icb) { (void)icb; }
ALWI void untilize_uninit(uint32_t icb) { (void)icb; }

template <int block_ct_dim = 1>
ALWI void untilize_block(uint32_t icb, uint32_t block, uint32_t ocb) {
    emu::compute::untilize_block(icb, block, ocb);
}

}  // namespace ckernel
