// SFPU unary setup (tt-metal compute_kernel_api/eltwise_unary/eltwise_unary.h). SFPU ops work in place
// on a DST tile; the usual pattern is copy_tile -> <op>_tile_init -> <op>_tile -> pack_tile.
#pragma once

#include "compute_kernel_api/common.h"

namespace ckernel {

ALWI void unary_op_init_common(uint32_t icb, uint32_t ocb, uint32_t call_line = __builtin_LINE()) {
    (void)icb;
    (void)ocb;
    (void)call_line;
    emu::compute::set_copy_transpose(false);
}

ALWI void init_sfpu(uint32_t icb, uint32_t ocb, uint32_t call_line = __builtin_LINE()) {
    unary_op_init_common(icb, ocb, call_line);
}

// Shared helper of the eltwise_unary headers: run one SFPU op on DST tile idst.
ALWI void emu_sfpu(emu::compute::UnaryOp op, uint32_t idst, const char* api_name, uint32_t param_bits = 0) {
    emu::compute::unary_tile(op, idst, param_bits, api_name);
}

}  // namespace ckernel
