// 1/sqrt(x) on a DST tile (tt-metal compute_kernel_api/eltwise_unary/rsqrt.h). The emulator runs Wormhole's algorithm
// (src/compute/sfpu_math.hpp): by default the SQRT_23-bits reciprocal root; legacy_compat the old sqrt-then-recip.
#pragma once

#include "compute_kernel_api/eltwise_unary/eltwise_unary.h"

namespace ckernel {

template <bool legacy_compat = false>
ALWI void rsqrt_tile_init() {
    using emu::compute::SfpuConstants;
    if (!legacy_compat) {
        emu::compute::set_sfpu_constants(APPROX ? SfpuConstants::SqrtApprox : SfpuConstants::Sqrt, "rsqrt_tile_init");
    }
}

template <bool legacy_compat = false, bool FAST_APPROX = false>
ALWI void rsqrt_tile(uint32_t idst) {
    namespace flag = emu::compute::sfpu_flag;
    emu_sfpu(emu::compute::UnaryOp::Rsqrt, idst, "rsqrt_tile",
             (APPROX ? flag::approx : 0u) | (FAST_APPROX ? flag::fast_approx : 0u) |
                 (legacy_compat ? flag::legacy_compat : 0u));
}

}  // namespace ckernel
