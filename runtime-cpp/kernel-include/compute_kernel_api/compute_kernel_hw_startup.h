// One-time hardware initialisation of unpacker/math/packer (tt-metal compute_kernel_hw_startup.h).
// The emulator has no hardware registers to configure; it only clears per-op state.
#pragma once

#include "compute_kernel_api/common_globals.h"

namespace ckernel {

enum class SrcOrder { Default, Reverse };

template <SrcOrder src_order = SrcOrder::Default>
ALWI void compute_kernel_hw_startup(uint32_t icb0, uint32_t icb1, uint32_t ocb) {
    (void)icb0;
    (void)icb1;
    (void)ocb;
    emu::compute::set_binary_accumulate(false);
}

template <SrcOrder src_order = SrcOrder::Default>
ALWI void compute_kernel_hw_startup(uint32_t icb0, uint32_t ocb) {
    compute_kernel_hw_startup<src_order>(icb0, icb0, ocb);
}

}  // namespace ckernel
