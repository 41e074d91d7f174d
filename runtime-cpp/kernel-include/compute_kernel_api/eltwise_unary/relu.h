// ReLU family on a DST tile (tt-metal compute_kernel_api/eltwise_unary/relu.h). Parameters are raw
// fp32 bits, as upstream.
#pragma once

#include "compute_kernel_api/eltwise_unary/eltwise_unary.h"

namespace ckernel {

ALWI void relu_tile_init() {}
ALWI void relu_tile(uint32_t idst) { emu_sfpu(emu::compute::UnaryOp::Relu, idst, "relu_tile"); }

ALWI void relu_max_tile_init() {}
ALWI void relu_max_tile(uint32_t idst, uint32_t param0) {
    emu_sfpu(emu::compute::UnaryOp::ReluMax, idst, "relu_max_tile", param0);
}

ALWI void relu_min_tile_init() {}
ALWI void relu_min_tile(uint32_t idst, uint32_t param0) {
    emu_sfpu(emu::compute::UnaryOp::ReluMin, idst, "relu_min_tile", param0);
}

ALWI void leaky_relu_tile_init() {}
ALWI void leaky_relu_tile(uint32_t idst, uint32_t slope) {
    emu_sfpu(emu::compute::UnaryOp::LeakyRelu, idst, "leaky_relu_tile", slope);
}

}  // namespace ckernel
