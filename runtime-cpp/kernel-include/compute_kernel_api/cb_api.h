// Compute-side circular buffer calls (tt-metal compute_kernel_api/cb_api.h): wait/pop act for the
// unpacker, reserve/push for the packer. They forward to the emulator core; no logic here.
#pragma once

#include "compute_kernel_api/common_globals.h"

namespace ckernel {

ALWI void cb_wait_front(uint32_t cbid, uint32_t ntiles) { emu::compute::cb_wait_front(cbid, ntiles); }
ALWI void cb_pop_front(uint32_t cbid, uint32_t ntiles) { emu::compute::cb_pop_front(cbid, ntiles); }
ALWI void cb_reserve_back(uint32_t cbid, uint32_t ntiles) { emu::compute::cb_reserve_back(cbid, ntiles); }
ALWI void cb_push_back(uint32_t cbid, uint32_t ntiles) { emu::compute::cb_push_back(cbid, ntiles); }

}  // namespace ckernel
