// 1/sqrt(x) on a DST tile (tt-metal compute_kernel_api/eltwise_unary/rsqrt.h), exact fp32.
#pragma once

#include "compute_kernel_api/eltwise_unary/eltwise_unary.h"

namespace ckernel {

template <bool legacy_compat = true, bool fast_approx = false>
ALWI void rsqrt_tile_init() {}

template <bool legacy_compat = true, bool fast_approx = false>
ALWI void rsqrt_tile(uint32_t idst) {
    emu_sfpu(emu::compute::UnaryOp::Rsqrt, idst, "rsqrt_tile");
}

}  // namespace ckernel
