// SFPU unary setup (tt-metal compute_kernel_api/eltwise_unary/eltwise_unary.h). SFPU ops work in place
// on a DST tile; the usual pattern is copy_tile -> <op>_tile_init -> <op>_tile -> pack_tile.
#pragma once

#include "compute_kernel_api/common.h"

namespace ckernel {

ALWI void unary_op_init_common(uint32_t icb, uint32_t ocb, uint32_t call_line = __builtin_LINE()) {
    (void)call_line;
    emu::compute::configure_formats(icb, icb, ocb, "unary_op_init_common");
    emu::compute::set_copy_transpose(false);
}

ALWI void init_sfpu(uint32_t icb, uint32_t ocb, uint32_t call_line = __builtin_LINE()) {
    unary_op_init_common(icb, ocb, call_line);
}

static_assert((int)VectorMode::R == emu::compute::sfpu_vector_mode::R && (int)VectorMode::C == emu::compute::sfpu_vector_mode::C &&
              (int)VectorMode::RC == emu::compute::sfpu_vector_mode::RC, "the emulator's face selection follows VectorMode");

// Shared helper of the eltwise_unary headers: run one SFPU op on DST tile idst (on the faces vector_mode names).
ALWI void emu_sfpu(emu::compute::UnaryOp op, uint32_t idst, const char* api_name, uint32_t param_bits = 0,
                   int vector_mode = (int)VectorMode::RC, int iterations = 8) {
    emu::compute::unary_tile(op, idst, param_bits, api_name, vector_mode, iterations);
}

}  // namespace ckernel
