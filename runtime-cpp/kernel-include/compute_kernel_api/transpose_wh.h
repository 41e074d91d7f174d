// Whole-tile transpose into DST (tt-metal compute_kernel_api/transpose_wh.h): DST[idst][j,i] = A[i,j].
#pragma once

#include "compute_kernel_api/common.h"

namespace ckernel {

ALWI void transpose_wh_init(uint32_t icb, uint32_t ocb) {
    emu::compute::configure_formats(icb, icb, ocb, "transpose_wh_init");
}
ALWI void transpose_wh_init_short(uint32_t icb) { (void)icb; }
ALWI void transpose_wh_tile(uint32_t icb, uint32_t itile, uint32_t idst) {
    emu::compute::transpose_wh_tile(icb, itile, idst);
}

}  // namespace ckernel
