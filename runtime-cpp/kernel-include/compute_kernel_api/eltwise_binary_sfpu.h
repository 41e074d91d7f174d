// SFPU binary ops between two DST tiles (tt-metal compute_kernel_api/eltwise_binary_sfpu.h):
// DST[odst] = DST[idst0] op DST[idst1]; the two-argument form writes into idst0. Wormhole's numerics
// (src/compute/sfpu_math.hpp): fp32 math; with a 16-bit DST add/sub/rsub are truncated to bf16, mul and div rounded
// to nearest even; div is idst0 * reciprocal(idst1) and needs div_binary_tile_init's constants.
#pragma once

#include "compute_kernel_api/common.h"

namespace ckernel {

ALWI void add_binary_tile_init() {}
ALWI void sub_binary_tile_init() {}
ALWI void mul_binary_tile_init() {}
ALWI void rsub_binary_tile_init() {}
ALWI void div_binary_tile_init() {
    emu::compute::set_sfpu_constants(emu::compute::SfpuConstants::Reciprocal, "div_binary_tile_init");
}

ALWI void add_binary_tile(uint32_t idst0, uint32_t idst1, uint32_t odst) {
    emu::compute::binary_dst_tiles(emu::compute::BinaryOp::Add, idst0, idst1, odst, "add_binary_tile");
}
ALWI void sub_binary_tile(uint32_t idst0, uint32_t idst1, uint32_t odst) {
    emu::compute::binary_dst_tiles(emu::compute::BinaryOp::Sub, idst0, idst1, odst, "sub_binary_tile");
}
ALWI void mul_binary_tile(uint32_t idst0, uint32_t idst1, uint32_t odst) {
    emu::compute::binary_dst_tiles(emu::compute::BinaryOp::Mul, idst0, idst1, odst, "mul_binary_tile");
}
ALWI void div_binary_tile(uint32_t idst0, uint32_t idst1, uint32_t odst) {
    emu::compute::binary_dst_tiles(emu::compute::BinaryOp::Div, idst0, idst1, odst, "div_binary_tile");
}
ALWI void rsub_binary_tile(uint32_t idst0, uint32_t idst1, uint32_t odst) {
    emu::compute::binary_dst_tiles(emu::compute::BinaryOp::Rsub, idst0, idst1, odst, "rsub_binary_tile");
}
ALWI void add_binary_tile(uint32_t idst0, uint32_t idst1) { add_binary_tile(idst0, idst1, idst0); }
ALWI void sub_binary_tile(uint32_t idst0, uint32_t idst1) { sub_binary_tile(idst0, idst1, idst0); }
ALWI void mul_binary_tile(uint32_t idst0, uint32_t idst1) { mul_binary_tile(idst0, idst1, idst0); }

}  // namespace ckernel
