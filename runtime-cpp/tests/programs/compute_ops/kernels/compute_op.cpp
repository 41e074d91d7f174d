// Compute of compute_ops: one op case, chosen by a CASE_* define, on tiles A (c_0), B (c_1) and the
// scaler tile S (c_2). Output tile 0 is the result; output tile 1 is DST 7 untouched (must be zero after
// acquire) except in the out-of-order case, where the two results are packed in swapped slots.
#include <cstdint>

#include "compute_kernel_api.h"
#include "compute_kernel_api/binary_max_min.h"
#include "compute_kernel_api/eltwise_binary_sfpu.h"
#include "compute_kernel_api/bcast.h"
#include "compute_kernel_api/eltwise_binary.h"
#include "compute_kernel_api/eltwise_unary/binop_with_scalar.h"
#include "compute_kernel_api/eltwise_unary/exp.h"
#include "compute_kernel_api/eltwise_unary/fill.h"
#include "compute_kernel_api/eltwise_unary/recip.h"
#include "compute_kernel_api/matmul.h"
#define REDUCE_OP PoolType::SUM  // reduce.h's template defaults, as tt-metal requires of a kernel
#define REDUCE_DIM ReduceDim::REDUCE_ROW
#include "compute_kernel_api/reduce.h"
#include "compute_kernel_api/tile_move_copy.h"

void kernel_main() {
    constexpr uint32_t cb_a = tt::CBIndex::c_0, cb_b = tt::CBIndex::c_1, cb_s = tt::CBIndex::c_2;
    constexpr uint32_t cb_out = tt::CBIndex::c_16;
    [[maybe_unused]] constexpr uint32_t untouched_dst = 7;

    cb_wait_front(cb_a, 1);
    cb_wait_front(cb_b, 1);
    cb_wait_front(cb_s, 1);
    binary_op_init_common(cb_a, cb_b, cb_out);
    tile_regs_acquire();

#if defined(CASE_BCAST_COLS_MUL)
    mul_bcast_cols_init_short(cb_a, cb_b);
    mul_tiles_bcast_cols(cb_a, cb_b, 0, 0, 0);
#elif defined(CASE_BCAST_ROWS_ADD)
    add_bcast_rows_init_short(cb_a, cb_b);
    add_tiles_bcast_rows(cb_a, cb_b, 0, 0, 0);
#elif defined(CASE_BCAST_SCALAR_SUB)
    sub_tiles_bcast_scalar_init_short(cb_a, cb_b);
    sub_tiles_bcast<BroadcastType::SCALAR>(cb_a, cb_b, 0, 0, 0);
#elif defined(CASE_REDUCE_ROW_SUM)
    reduce_init<PoolType::SUM, ReduceDim::REDUCE_ROW>(cb_a, cb_s, cb_out);
    reduce_tile<PoolType::SUM, ReduceDim::REDUCE_ROW>(cb_a, cb_s, 0, 0, 0);
    reduce_uninit();
#elif defined(CASE_REDUCE_COL_MAX)
    reduce_init<PoolType::MAX, ReduceDim::REDUCE_COL>(cb_a, cb_s, cb_out);
    reduce_tile<PoolType::MAX, ReduceDim::REDUCE_COL>(cb_a, cb_s, 0, 0, 0);
    reduce_uninit();
#elif defined(CASE_ADD_ACC_TO_DEST)
    copy_tile_init(cb_a);
    copy_tile(cb_a, 0, 0);
    add_tiles_init(cb_a, cb_b, true);
    add_tiles(cb_a, cb_b, 0, 0, 0);
#elif defined(CASE_DEST_REUSE_MUL)
    copy_tile_init(cb_a);
    copy_tile(cb_a, 0, 0);
    binary_dest_reuse_tiles_init<ELWMUL, EltwiseBinaryReuseDestType::DEST_TO_SRCA>(cb_b);
    binary_dest_reuse_tiles<ELWMUL, EltwiseBinaryReuseDestType::DEST_TO_SRCA>(cb_b, 0, 0);
#elif defined(CASE_MATMUL_TRANSPOSE)
    mm_init(cb_a, cb_b, cb_out, 1);
    matmul_tiles(cb_a, cb_b, 0, 0, 0);
#elif defined(CASE_SFPU_CHAIN)
    init_sfpu(cb_a, cb_out);
    copy_tile(cb_a, 0, 0);
    binop_with_scalar_tile_init();
    mul_unary_tile(0, 0x40000000u);  // * 2.0
    add_unary_tile(0, 0x40A00000u);  // + 5.0
    recip_tile_init();
    recip_tile(0);
#elif defined(CASE_RECIP_LEFT_FACES)
    init_sfpu(cb_a, cb_out);
    copy_tile(cb_a, 0, 0);
    recip_tile_init();
    recip_tile(0, (int)VectorMode::C);
#elif defined(CASE_EXP_TOP_FACES)
    init_sfpu(cb_a, cb_out);
    copy_tile(cb_a, 0, 0);
    exp_tile_init();
    exp_tile(0, (int)VectorMode::R);
#elif defined(CASE_EXP_THREE_ITERATIONS)
    init_sfpu(cb_a, cb_out);
    copy_tile(cb_a, 0, 0);
    exp_tile_init();
    exp_tile<false, true, false, false, 3>(0, (int)VectorMode::R);
#elif defined(CASE_BINARY_MAX)
    copy_tile_init(cb_a);
    copy_tile(cb_a, 0, 0);
    copy_tile(cb_b, 0, 1);
    binary_max_tile_init();
    binary_max_tile(0, 1, 0);
#elif defined(CASE_SFPU_SUB) || defined(CASE_SFPU_DIV)
    copy_tile_init(cb_a);
    copy_tile(cb_a, 0, 0);
    copy_tile(cb_b, 0, 1);
#if defined(CASE_SFPU_SUB)
    sub_binary_tile_init();
    sub_binary_tile(0, 1, 0);
#else
    div_binary_tile_init();
    div_binary_tile(0, 1, 0);
#endif
#elif defined(CASE_FILL_TRUNCATES)
    fill_tile_init();
    fill_tile(0, 1.005859375f);  // 1 + 3*2^-9: bits 0x3F80C000
#elif defined(CASE_L1_ACC) || defined(CASE_OUT_OF_ORDER)
    copy_tile_init(cb_a);
    copy_tile(cb_a, 0, 0);
    copy_tile(cb_b, 0, 1);
#else
#error "define one CASE_*"
#endif

    tile_regs_commit();
    tile_regs_wait();
    cb_reserve_back(cb_out, 2);
#if defined(CASE_OUT_OF_ORDER)
    pack_tile<true>(0, cb_out, 1);
    pack_tile<true>(1, cb_out, 0);
#elif defined(CASE_L1_ACC)
    pack_tile<true>(0, cb_out, 0);
    pack_reconfig_l1_acc(1);
    pack_tile<true>(1, cb_out, 0);  // adds B onto the A already in slot 0
    pack_reconfig_l1_acc(0);
    pack_tile<true>(untouched_dst, cb_out, 1);
#else
    pack_tile(0, cb_out);
    pack_tile(untouched_dst, cb_out);
#endif
    cb_push_back(cb_out, 2);
    tile_regs_release();

    cb_pop_front(cb_a, 1);
    cb_pop_front(cb_b, 1);
    cb_pop_front(cb_s, 1);
}
