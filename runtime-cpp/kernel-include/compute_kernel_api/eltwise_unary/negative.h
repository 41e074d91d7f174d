// -x on a DST tile (tt-metal compute_kernel_api/eltwise_unary/negative.h).
#pragma once

#include "compute_kernel_api/eltwise_unary/eltwise_unary.h"

namespace ckernel {

ALWI void negative_tile_init() {}
ALWI void negative_tile(uint32_t idst) { emu_sfpu(emu::compute::UnaryOp::Negative, idst, "negative_tile"); }

}  // namespace ckernel
