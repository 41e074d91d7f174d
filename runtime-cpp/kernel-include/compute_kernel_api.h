// Top-level compute kernel API header (tt-metal compute_kernel_api.h): the common base plus the SFPU
// unary ops upstream declares here (sigmoid, tanh, log, abs, square, silu, ...). Thin wrappers only.
#pragma once

#include "compute_kernel_api/common.h"
#include "compute_kernel_api/eltwise_unary/eltwise_unary.h"

namespace ckernel {

template <bool fast_and_approx = false>
ALWI void sigmoid_tile_init() {
    using emu::compute::SfpuConstants;
    emu::compute::set_sfpu_constants(fast_and_approx ? SfpuConstants::Other : SfpuConstants::Reciprocal,
                                     "sigmoid_tile_init");
}
// Wormhole's sigmoid (src/compute/sfpu_math.hpp); with fast_and_approx the exact fp32 sigmoid stands in.
template <int vec_mode = VectorMode::RC, bool fast_and_approx = false>
ALWI void sigmoid_tile(uint32_t idst) {
    emu_sfpu(emu::compute::UnaryOp::Sigmoid, idst, "sigmoid_tile",
             fast_and_approx ? emu::compute::sfpu_flag::approx : 0u);
}

template <bool fast_and_approx = false>
ALWI void tanh_tile_init() {
    emu::compute::set_sfpu_constants(emu::compute::SfpuConstants::Other, "tanh_tile_init");
}
template <bool fast_and_approx = false>
ALWI void tanh_tile(uint32_t idst) {
    emu_sfpu(emu::compute::UnaryOp::Tanh, idst, "tanh_tile");
}

template <bool fast_and_approx = false>
ALWI void log_tile_init() {
    emu::compute::set_sfpu_constants(emu::compute::SfpuConstants::Other, "log_tile_init");
}
template <bool fast_and_approx = false>
ALWI void log_tile(uint32_t idst) {
    emu_sfpu(emu::compute::UnaryOp::Log, idst, "log_tile");
}

ALWI void abs_tile_init() {}
ALWI void abs_tile(uint32_t idst) { emu_sfpu(emu::compute::UnaryOp::Abs, idst, "abs_tile"); }

ALWI void square_tile_init() {}
ALWI void square_tile(uint32_t idst) { emu_sfpu(emu::compute::UnaryOp::Square, idst, "square_tile"); }

ALWI void silu_tile_init() {}
ALWI void silu_tile(uint32_t idst) { emu_sfpu(emu::compute::UnaryOp::Silu, idst, "silu_tile"); }

}  // namespace ckernel
