// One-time hardware initialisation of unpacker/math/packer (tt-metal compute_kernel_hw_startup.h).
// The emulator has no hardware registers to configure; it only clears per-op state.
#pragma once

#include "compute_kernel_api/common_globals.h"

namespace ckernel {

enum class SrcOrder { Default, Reverse };

template <SrcOrder src_order = SrcOrder::Default>
ALWI void compute_kernel_hw_startup(uint32_t icb0, uint32_t icb1, uint32_t ocb) {
    // Reverse: icb1 goes to srcA and icb0 to srcB (the matmul order).
    if constexpr (src_order == SrcOrder::Reverse) {
        emu::compute::configure_formats(icb1, icb0, ocb, "compute_kernel_hw_startup");
    } else {
        emu::compute::configure_formats(icb0, icb1, ocb, "compute_kernel_hw_startup");
    }
    emu::compute::set_binary_accumulate(false);
}

template <SrcOrder src_order = SrcOrder::Default>
ALWI void compute_kernel_hw_startup(uint32_t icb0, uint32_t ocb) {
    compute_kernel_hw_startup<src_order>(icb0, icb0, ocb);
}

}  // namespace ckernel
