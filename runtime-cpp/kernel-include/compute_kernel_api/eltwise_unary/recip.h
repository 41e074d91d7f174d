// 1/x on a DST tile (tt-metal compute_kernel_api/eltwise_unary/recip.h). The emulator runs Wormhole's algorithm
// (src/compute/sfpu_math.hpp) for APPROX (math_approx_mode) and legacy_compat: by default the legacy Newton-Raphson
// reciprocal (three steps from 1.442695).
#pragma once

#include "compute_kernel_api/eltwise_unary/eltwise_unary.h"

namespace ckernel {

template <bool legacy_compat = true>
ALWI void recip_tile_init() {
    if (!legacy_compat) emu::compute::set_sfpu_constants(emu::compute::SfpuConstants::Reciprocal, "recip_tile_init");
}

template <bool legacy_compat = true>
ALWI void recip_tile(uint32_t idst, int vector_mode = (int)VectorMode::RC) {
    namespace flag = emu::compute::sfpu_flag;
    emu_sfpu(emu::compute::UnaryOp::Recip, idst, "recip_tile",
             (APPROX ? flag::approx : 0u) | (legacy_compat ? flag::legacy_compat : 0u), vector_mode);
}

}  // namespace ckernel
