// DST tile op scalar (tt-metal compute_kernel_api/eltwise_unary/binop_with_scalar.h); param1 is the
// scalar's fp32 bit pattern. rsub computes scalar - x; div multiplies by param1, which the caller sets to 1/scalar
// (upstream inverts on the host). fp32 math, truncated to bf16 by the store with a 16-bit DST (sfpu_math.hpp).
#pragma once

#include "compute_kernel_api/eltwise_unary/eltwise_unary.h"

namespace ckernel {

enum { ADD_UNARY = 0, SUB_UNARY = 1, MUL_UNARY = 2, DIV_UNARY = 3, RSUB_UNARY = 4 };

ALWI void binop_with_scalar_tile_init() {}

ALWI void add_unary_tile(uint32_t idst, uint32_t param1) {
    emu_sfpu(emu::compute::UnaryOp::AddScalar, idst, "add_unary_tile", param1);
}
ALWI void sub_unary_tile(uint32_t idst, uint32_t param1) {
    emu_sfpu(emu::compute::UnaryOp::SubScalar, idst, "sub_unary_tile", param1);
}
ALWI void mul_unary_tile(uint32_t idst, uint32_t param1) {
    emu_sfpu(emu::compute::UnaryOp::MulScalar, idst, "mul_unary_tile", param1);
}
ALWI void div_unary_tile(uint32_t idst, uint32_t param1) {
    emu_sfpu(emu::compute::UnaryOp::DivScalar, idst, "div_unary_tile", param1);
}
ALWI void rsub_unary_tile(uint32_t idst, uint32_t param1) {
    emu_sfpu(emu::compute::UnaryOp::RsubScalar, idst, "rsub_unary_tile", param1);
}

}  // namespace ckernel
