// Elementwise max/min of two DST tiles on the SFPU (tt-metal compute_kernel_api/binary_max_min.h):
// DST[odst] = max/min(DST[idst0], DST[idst1]), ordered as SFPSWAP orders fp32 bit patterns (-0.0 < +0.0).
// The int32 forms are not emulated.
#pragma once

#include "compute_kernel_api/common.h"

namespace ckernel {

ALWI void binary_max_tile_init() {}
ALWI void binary_max_tile(uint32_t idst0, uint32_t idst1, uint32_t odst, int vector_mode = (int)VectorMode::RC) {
    emu::compute::binary_dst_tiles(emu::compute::BinaryOp::Max, idst0, idst1, odst, "binary_max_tile", vector_mode);
}

ALWI void binary_min_tile_init() {}
ALWI void binary_min_tile(uint32_t idst0, uint32_t idst1, uint32_t odst, int vector_mode = (int)VectorMode::RC) {
    emu::compute::binary_dst_tiles(emu::compute::BinaryOp::Min, idst0, idst1, odst, "binary_min_tile", vector_mode);
}

}  // namespace ckernel
