// Fill a DST tile with a constant (tt-metal compute_kernel_api/eltwise_unary/fill.h); a 16-bit DST keeps the value
// truncated to bf16, as the SFPU store does.
#pragma once

#include <cstring>

#include "compute_kernel_api/eltwise_unary/eltwise_unary.h"

namespace ckernel {

ALWI void fill_tile_init() {}
ALWI void fill_tile(uint32_t idst, float param0) { emu::compute::fill_tile(idst, param0); }
ALWI void fill_tile_bitcast(uint32_t idst, uint32_t param0) {
    float value;
    std::memcpy(&value, &param0, sizeof value);
    emu::compute::fill_tile(idst, value);
}

}  // namespace ckernel
