// Tile reductions (tt-metal compute_kernel_api/reduce.h). REDUCE_ROW sums/maxes over W into column 0,
// REDUCE_COL over H into row 0, REDUCE_SCALAR into [0,0]; the result is multiplied by the scaler tile's
// element [0,0] and accumulated into DST (SUM/AVG add, MAX takes the maximum). As upstream, the template defaults
// are the macros REDUCE_OP and REDUCE_DIM, which the including kernel (or its host defines) must provide — even when
// every call names its own — so a kernel that omits them fails here as it fails against tt-metal's header.
#pragma once

#include "compute_kernel_api/common.h"

#define EMU_REDUCE_OP_DEFAULT REDUCE_OP
#define EMU_REDUCE_DIM_DEFAULT REDUCE_DIM

namespace ckernel {

template <PoolType reduce_type = EMU_REDUCE_OP_DEFAULT, ReduceDim reduce_dim = EMU_REDUCE_DIM_DEFAULT,
          bool enforce_fp32_accumulation = false>
ALWI void reduce_init(uint32_t icb, uint32_t icb_scaler, uint32_t ocb, uint32_t call_line = __builtin_LINE()) {
    (void)icb;
    (void)icb_scaler;
    (void)ocb;
    (void)call_line;
}

template <PoolType reduce_type = EMU_REDUCE_OP_DEFAULT, ReduceDim reduce_dim = EMU_REDUCE_DIM_DEFAULT,
          bool enforce_fp32_accumulation = false>
ALWI void reduce_init_short(uint32_t icb, uint32_t icb_scaler, uint32_t ocb, uint32_t call_line = __builtin_LINE()) {
    reduce_init<reduce_type, reduce_dim, enforce_fp32_accumulation>(icb, icb_scaler, ocb, call_line);
}

template <bool enforce_fp32_accumulation = false>
ALWI void reduce_uninit(uint32_t icb = 0) {
    (void)icb;
}

template <PoolType reduce_type = EMU_REDUCE_OP_DEFAULT, ReduceDim reduce_dim = EMU_REDUCE_DIM_DEFAULT,
          bool enforce_fp32_accumulation = false>
ALWI void reduce_tile(uint32_t icb, uint32_t icb_scaler, uint32_t itile, uint32_t itile_scaler, uint32_t idst) {
    constexpr auto pool = reduce_type == MAX   ? emu::compute::ReducePool::Max
                          : reduce_type == AVG ? emu::compute::ReducePool::Avg
                                               : emu::compute::ReducePool::Sum;
    constexpr auto axis = reduce_dim == REDUCE_COL      ? emu::compute::ReduceAxis::Col
                          : reduce_dim == REDUCE_SCALAR ? emu::compute::ReduceAxis::Scalar
                                                        : emu::compute::ReduceAxis::Row;
    emu::compute::reduce_tile(pool, axis, icb, icb_scaler, itile, itile_scaler, idst);
}

}  // namespace ckernel
