// exp on a DST tile (tt-metal compute_kernel_api/eltwise_unary/exp.h). The emulator runs Wormhole's algorithm for the
// chosen template arguments (src/compute/sfpu_math.hpp): by default exp_21f for a 16-bit DST and the Cody-Waite exp
// for fp32 DST; approx selects the approximate paths, whose fast form uses exp_tile_init's `scale`. `iterations` (per face
// of the vector mode) limits it to the face's first `iterations` steps, each a group of 4 rows at one column parity,
// as on the device (engine.cpp sfpu_covers).
#pragma once

#include "compute_kernel_api/eltwise_unary/eltwise_unary.h"

namespace ckernel {

template <bool approx = false, bool fast_and_approx = true, uint32_t scale = 0x3F800000>
ALWI void exp_tile_init() {
    using emu::compute::SfpuConstants;
    emu::compute::set_sfpu_constants(
        approx ? (fast_and_approx ? SfpuConstants::ExpFast : SfpuConstants::ExpApprox) : SfpuConstants::Reciprocal,
        "exp_tile_init", scale);
}

template <bool approx = false, bool fast_and_approx = true, bool scale_en = false, bool skip_positive_check = false,
          int iterations = 8>
ALWI void exp_tile(uint32_t idst, int vector_mode = (int)VectorMode::RC, uint16_t scale = p_sfpu::kCONST_1_FP16B) {
    namespace flag = emu::compute::sfpu_flag;
    const uint32_t param = (approx ? flag::approx : 0u) | (fast_and_approx ? flag::fast_approx : 0u) |
                           (scale_en ? flag::scale_en : 0u) | (skip_positive_check ? flag::skip_positive_check : 0u) |
                           (uint32_t(scale) << 16);
    static_assert(iterations >= 0 && iterations <= 8, "exp_tile: iterations per face are 0..8");
    emu_sfpu(emu::compute::UnaryOp::Exp, idst, "exp_tile", param, vector_mode, iterations);
}

}  // namespace ckernel
