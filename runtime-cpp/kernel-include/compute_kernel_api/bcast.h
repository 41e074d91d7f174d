// Broadcast binary ops (tt-metal compute_kernel_api/bcast.h). Semantics as tt-metal's softmax and
// bias kernels use them: COL: C[h,w] = A[h,w] op B[h,0]; ROW: C[h,w] = A[h,w] op B[0,w];
// SCALAR: C[h,w] = A[h,w] op B[0,0]. The init names are irregular upstream and kept as they are.
#pragma once

#include "compute_kernel_api/common.h"

namespace ckernel {

template <EltwiseBinaryType tBcastOp, BroadcastType tBcastDim>
ALWI void any_tiles_bcast(uint32_t icb0, uint32_t icb1, uint32_t itile0, uint32_t itile1, uint32_t idst) {
    static_assert(emu_binary_op_supported(tBcastOp), "emulator: only ELWADD, ELWSUB, ELWMUL");
    emu::compute::binary_tiles(emu_binary_op(tBcastOp), emu_broadcast(tBcastDim), icb0, icb1, itile0, itile1, idst,
                               tBcastOp == ELWADD   ? "add_tiles_bcast"
                               : tBcastOp == ELWSUB ? "sub_tiles_bcast"
                                                    : "mul_tiles_bcast");
}

// What every broadcast init sets up for the math (the short inits below, named irregularly upstream).
template <EltwiseBinaryType tBcastOp, BroadcastType tBcastDim>
ALWI void emu_bcast_init_short(uint32_t icb0, uint32_t icb1) {
    static_assert(emu_binary_op_supported(tBcastOp), "emulator: only ELWADD, ELWSUB, ELWMUL");
    (void)icb0;
    (void)icb1;
    emu::compute::set_binary_accumulate(false);
}

// The full init: also sets the data formats (srcA from icb0, srcB from icb1, the packer from ocb).
template <EltwiseBinaryType tBcastOp, BroadcastType tBcastDim>
void init_bcast(uint32_t icb0, uint32_t icb1, uint32_t ocb, uint32_t call_line = __builtin_LINE()) {
    (void)call_line;
    emu::compute::configure_formats(icb0, icb1, ocb, "init_bcast");
    emu_bcast_init_short<tBcastOp, tBcastDim>(icb0, icb1);
}

template <BroadcastType tBcastDim>
ALWI void add_tiles_bcast(uint32_t icb0, uint32_t icb1, uint32_t itile0, uint32_t itile1, uint32_t idst) {
    any_tiles_bcast<ELWADD, tBcastDim>(icb0, icb1, itile0, itile1, idst);
}
template <BroadcastType tBcastDim>
ALWI void sub_tiles_bcast(uint32_t icb0, uint32_t icb1, uint32_t itile0, uint32_t itile1, uint32_t idst) {
    any_tiles_bcast<ELWSUB, tBcastDim>(icb0, icb1, itile0, itile1, idst);
}
template <BroadcastType tBcastDim>
ALWI void mul_tiles_bcast(uint32_t icb0, uint32_t icb1, uint32_t itile0, uint32_t itile1, uint32_t idst) {
    any_tiles_bcast<ELWMUL, tBcastDim>(icb0, icb1, itile0, itile1, idst);
}

// Named forms.
ALWI void add_tiles_bcast_rows(uint32_t icb0, uint32_t icb1, uint32_t itile0, uint32_t itile1, uint32_t idst) {
    any_tiles_bcast<ELWADD, ROW>(icb0, icb1, itile0, itile1, idst);
}
ALWI void add_tiles_bcast_cols(uint32_t icb0, uint32_t icb1, uint32_t itile0, uint32_t itile1, uint32_t idst) {
    any_tiles_bcast<ELWADD, COL>(icb0, icb1, itile0, itile1, idst);
}
ALWI void add_tiles_bcast_scalar(uint32_t icb0, uint32_t icb1, uint32_t itile0, uint32_t itile1, uint32_t idst) {
    any_tiles_bcast<ELWADD, SCALAR>(icb0, icb1, itile0, itile1, idst);
}
ALWI void sub_tiles_bcast_cols(uint32_t icb0, uint32_t icb1, uint32_t itile0, uint32_t itile1, uint32_t idst) {
    any_tiles_bcast<ELWSUB, COL>(icb0, icb1, itile0, itile1, idst);
}
ALWI void sub_tiles_bcast_rows(uint32_t icb0, uint32_t icb1, uint32_t itile0, uint32_t itile1, uint32_t idst) {
    any_tiles_bcast<ELWSUB, ROW>(icb0, icb1, itile0, itile1, idst);
}
ALWI void sub_tiles_bcast_scalar(uint32_t icb0, uint32_t icb1, uint32_t itile0, uint32_t itile1, uint32_t idst) {
    any_tiles_bcast<ELWSUB, SCALAR>(icb0, icb1, itile0, itile1, idst);
}
ALWI void mul_tiles_bcast_cols(uint32_t icb0, uint32_t icb1, uint32_t itile0, uint32_t itile1, uint32_t idst) {
    any_tiles_bcast<ELWMUL, COL>(icb0, icb1, itile0, itile1, idst);
}
// bcast_row_idx (newer upstream) selects which B row is broadcast; only row 0 is emulated.
ALWI void mul_tiles_bcast_rows(uint32_t icb0, uint32_t icb1, uint32_t itile0, uint32_t itile1, uint32_t idst,
                               uint32_t bcast_row_idx = 0) {
    if (bcast_row_idx != 0) emu::kernel::fault("bcast", "mul_tiles_bcast_rows: bcast_row_idx != 0 is not emulated");
    any_tiles_bcast<ELWMUL, ROW>(icb0, icb1, itile0, itile1, idst);
}
ALWI void mul_tiles_bcast_scalar(uint32_t icb0, uint32_t icb1, uint32_t itile0, uint32_t itile1, uint32_t idst) {
    any_tiles_bcast<ELWMUL, SCALAR>(icb0, icb1, itile0, itile1, idst);
}

// Init partners (upstream spellings).
ALWI void add_bcast_rows_init_short(uint32_t icb0, uint32_t icb1, uint32_t call_line = __builtin_LINE()) {
    (void)call_line;
    emu_bcast_init_short<ELWADD, ROW>(icb0, icb1);
}
ALWI void add_bcast_cols_init_short(uint32_t icb0, uint32_t icb1, uint32_t call_line = __builtin_LINE()) {
    (void)call_line;
    emu_bcast_init_short<ELWADD, COL>(icb0, icb1);
}
ALWI void add_bcast_scalar_init_short(uint32_t icb0, uint32_t icb1, uint32_t call_line = __builtin_LINE()) {
    (void)call_line;
    emu_bcast_init_short<ELWADD, SCALAR>(icb0, icb1);
}
ALWI void sub_bcast_cols_init_short(uint32_t icb0, uint32_t icb1, uint32_t call_line = __builtin_LINE()) {
    (void)call_line;
    emu_bcast_init_short<ELWSUB, COL>(icb0, icb1);
}
ALWI void sub_bcast_rows_init_short(uint32_t icb0, uint32_t icb1, uint32_t call_line = __builtin_LINE()) {
    (void)call_line;
    emu_bcast_init_short<ELWSUB, ROW>(icb0, icb1);
}
ALWI void sub_tiles_bcast_scalar_init_short(uint32_t icb0, uint32_t icb1, uint32_t call_line = __builtin_LINE()) {
    (void)call_line;
    emu_bcast_init_short<ELWSUB, SCALAR>(icb0, icb1);
}
ALWI void mul_bcast_cols_init_short(uint32_t icb0, uint32_t icb1, uint32_t call_line = __builtin_LINE()) {
    (void)call_line;
    emu_bcast_init_short<ELWMUL, COL>(icb0, icb1);
}
ALWI void mul_bcast_rows_init_short(uint32_t icb0, uint32_t icb1, uint32_t call_line = __builtin_LINE()) {
    (void)call_line;
    emu_bcast_init_short<ELWMUL, ROW>(icb0, icb1);
}
ALWI void mul_tiles_bcast_scalar_init_short(uint32_t icb0, uint32_t icb1, uint32_t call_line = __builtin_LINE()) {
    (void)call_line;
    emu_bcast_init_short<ELWMUL, SCALAR>(icb0, icb1);
}

}  // namespace ckernel
