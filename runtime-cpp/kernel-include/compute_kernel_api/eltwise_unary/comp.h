// Compare-with-zero on a DST tile (tt-metal compute_kernel_api/eltwise_unary/comp.h, float forms): each element
// becomes 1.0 where the predicate holds, else 0.0. As on the SFPU, zero is the bit pattern 0, so -0.0 is negative.
// The scalar (unary_eq_tile …) and integer (…_int32) forms are not emulated.
#pragma once

#include "compute_kernel_api/eltwise_unary/eltwise_unary.h"

namespace ckernel {

ALWI void eqz_tile_init() {}
ALWI void eqz_tile(uint32_t idst) { emu_sfpu(emu::compute::UnaryOp::Eqz, idst, "eqz_tile"); }
ALWI void nez_tile_init() {}
ALWI void nez_tile(uint32_t idst) { emu_sfpu(emu::compute::UnaryOp::Nez, idst, "nez_tile"); }
ALWI void ltz_tile_init() {}
ALWI void ltz_tile(uint32_t idst) { emu_sfpu(emu::compute::UnaryOp::Ltz, idst, "ltz_tile"); }
ALWI void gtz_tile_init() {}
ALWI void gtz_tile(uint32_t idst) { emu_sfpu(emu::compute::UnaryOp::Gtz, idst, "gtz_tile"); }
ALWI void lez_tile_init() {}
ALWI void lez_tile(uint32_t idst) { emu_sfpu(emu::compute::UnaryOp::Lez, idst, "lez_tile"); }
ALWI void gez_tile_init() {}
ALWI void gez_tile(uint32_t idst) { emu_sfpu(emu::compute::UnaryOp::Gez, idst, "gez_tile"); }

}  // namespace ckernel
