// sqrt on a DST tile (tt-metal compute_kernel_api/eltwise_unary/sqrt.h). The emulator runs Wormhole's algorithm
// (src/compute/sfpu_math.hpp, SQRT_23-bits, or SQRT_10-bits with APPROX); negative inputs give NaN unless FAST_APPROX.
#pragma once

#include "compute_kernel_api/eltwise_unary/eltwise_unary.h"

namespace ckernel {

ALWI void sqrt_tile_init() {
    using emu::compute::SfpuConstants;
    emu::compute::set_sfpu_constants(APPROX ? SfpuConstants::SqrtApprox : SfpuConstants::Sqrt, "sqrt_tile_init");
}

template <bool FAST_APPROX = false>
ALWI void sqrt_tile(uint32_t idst) {
    namespace flag = emu::compute::sfpu_flag;
    emu_sfpu(emu::compute::UnaryOp::Sqrt, idst, "sqrt_tile",
             (APPROX ? flag::approx : 0u) | (FAST_APPROX ? flag::fast_approx : 0u));
}

}  // namespace ckernel
