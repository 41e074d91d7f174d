// sqrt on a DST tile (tt-metal compute_kernel_api/eltwise_unary/sqrt.h), exact fp32.
#pragma once

#include "compute_kernel_api/eltwise_unary/eltwise_unary.h"

namespace ckernel {

template <bool fast_approx = false>
ALWI void sqrt_tile_init() {}

template <bool fast_approx = false>
ALWI void sqrt_tile(uint32_t idst) {
    emu_sfpu(emu::compute::UnaryOp::Sqrt, idst, "sqrt_tile");
}

}  // namespace ckernel
