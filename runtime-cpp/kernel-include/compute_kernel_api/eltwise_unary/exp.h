// exp on a DST tile (tt-metal compute_kernel_api/eltwise_unary/exp.h). Computed exactly in fp32 (no
// approximation modes); scale_en multiplies the input by the bfloat16 `scale` first.
#pragma once

#include <cstring>

#include "compute_kernel_api/eltwise_unary/eltwise_unary.h"

namespace ckernel {

template <bool approx = false, bool fast_and_approx = true, uint32_t scale = 0x3F800000>
ALWI void exp_tile_init() {}

template <bool approx = false, bool fast_and_approx = true, bool scale_en = false, bool skip_positive_check = false,
          int iterations = 8>
ALWI void exp_tile(uint32_t idst, int vector_mode = (int)VectorMode::RC, uint16_t scale = p_sfpu::kCONST_1_FP16B) {
    (void)vector_mode;
    if constexpr (scale_en) emu_sfpu(emu::compute::UnaryOp::MulScalar, idst, "exp_tile", uint32_t(scale) << 16);
    emu_sfpu(emu::compute::UnaryOp::Exp, idst, "exp_tile");
}

}  // namespace ckernel
