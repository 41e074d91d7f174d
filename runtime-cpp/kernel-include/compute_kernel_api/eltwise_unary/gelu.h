// GELU on a DST tile (tt-metal compute_kernel_api/eltwise_unary/gelu.h): exact erf form in fp32.
#pragma once

#include "compute_kernel_api/eltwise_unary/eltwise_unary.h"

namespace ckernel {

template <bool fast_and_approx = true>
ALWI void gelu_tile_init() {
    emu::compute::set_sfpu_constants(emu::compute::SfpuConstants::Other, "gelu_tile_init");
}

template <bool fast_and_approx = true>
ALWI void gelu_tile(uint32_t idst, int vector_mode = (int)VectorMode::RC) {
    emu_sfpu(emu::compute::UnaryOp::Gelu, idst, "gelu_tile", 0, vector_mode);
}

}  // namespace ckernel
