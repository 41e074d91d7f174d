// 1/x on a DST tile (tt-metal compute_kernel_api/eltwise_unary/recip.h), exact fp32 division.
#pragma once

#include "compute_kernel_api/eltwise_unary/eltwise_unary.h"

namespace ckernel {

template <bool legacy_compat = true>
ALWI void recip_tile_init() {}

template <bool legacy_compat = true>
ALWI void recip_tile(uint32_t idst, int vector_mode = (int)VectorMode::RC) {
    (void)vector_mode;
    emu_sfpu(emu::compute::UnaryOp::Recip, idst, "recip_tile");
}

}  // namespace ckernel
