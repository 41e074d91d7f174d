// Experts writer (RISCV_0): drains the output tiles rows [row_begin, row_end) × columns [col_begin,
// col_end) from the output circular buffer into y (page row·cols + col), one barrier per tile row. With
// OUT_RESIDENT the output circular buffer IS this core's L1 shard of y, so it only waits until compute has
// packed (and pushed) the whole shard. With WEIGHTS_SHARED it first moves its half of this core's slice of
// the column group's weights on its own NoC (weight_share.hpp), while the reader moves the other half.
// With EXPERT_HELPERS a helper core (experts [expert_begin, expert_end) with expert_begin > 0) writes no output:
// for each row, once its owner has signalled that its helper_partials buffer is free (helper_ready), it writes
// its packed partial forecasts into that buffer's slots on the owner — slot (col − col_begin)·(K − own) +
// k − own, where the owner computes experts [0, own) — then bumps the owner's helper_filled semaphore.
#include <cstdint>

#include "api/dataflow/dataflow_api.h"
#include "../common/semaphore.hpp"
#include "../common/weight_share.hpp"

void kernel_main() {
    uint32_t arg = 0;
    const uint32_t y_addr = get_arg_val<uint32_t>(arg++);
    const uint32_t row_begin = get_arg_val<uint32_t>(arg++);
    const uint32_t row_end = get_arg_val<uint32_t>(arg++);
    const uint32_t col_begin = get_arg_val<uint32_t>(arg++);
    const uint32_t col_end = get_arg_val<uint32_t>(arg++);
    const uint32_t horizon_tiles = get_arg_val<uint32_t>(arg++);  // tiles per row of the tensor
    const uint32_t shard_tiles = get_arg_val<uint32_t>(arg++);    // OUT_RESIDENT: tiles of this core's shard
    const uint32_t weights_addr = get_arg_val<uint32_t>(arg++);   // WEIGHTS_SHARED
    const uint32_t expert_begin = get_arg_val<uint32_t>(arg++);   // EXPERT_HELPERS: this core's experts
    const uint32_t expert_end = get_arg_val<uint32_t>(arg++);
    const uint32_t experts = get_arg_val<uint32_t>(arg++);        // K
    const uint32_t owner_experts = get_arg_val<uint32_t>(arg++);  // the owner's experts [0, own)
    const uint32_t owner_x = get_arg_val<uint32_t>(arg++);        // the owner's NoC coordinates
    const uint32_t owner_y = get_arg_val<uint32_t>(arg++);
    const uint32_t helper_ready_id = get_arg_val<uint32_t>(arg++);
    const uint32_t helper_filled_id = get_arg_val<uint32_t>(arg++);
    const uint32_t share_args = arg;                              // WEIGHTS_SHARED: molegen::WeightShare's

    constexpr uint32_t cb_weights = tt::CBIndex::c_2;
    constexpr uint32_t cb_out = tt::CBIndex::c_16;
    constexpr auto y_args = TensorAccessorArgs<0>();
#if defined(WEIGHTS_SHARED)
    {
        constexpr auto weights_args = TensorAccessorArgs<y_args.next_compile_time_args_offset()>();
        const auto weights = TensorAccessor(weights_args, weights_addr, get_tile_size(cb_weights));
        // cb_weights is filled once per forward, so its write pointer is the buffer's start on every core.
        molegen::WeightShare(share_args, cb_weights).writer_part(weights, get_write_ptr(cb_weights));
    }
#else
    (void)weights_addr;
    (void)share_args;
    (void)cb_weights;
#endif

#if defined(EXPERT_HELPERS)
    if (expert_begin > 0) {
        constexpr uint32_t cb_partials = tt::CBIndex::c_3;
        constexpr uint32_t cb_helper_partials = tt::CBIndex::c_7;
        const uint32_t tile_bytes = get_tile_size(cb_partials);
        // The owner's buffer: never used on this core, so its write pointer is the buffer's start, which a
        // program's buffer shares on all of its cores.
        const uint32_t owner_base = get_write_ptr(cb_helper_partials);
        const uint32_t slot_stride = experts - owner_experts;
        const uint32_t tiles = (col_end - col_begin) * (expert_end - expert_begin);
        for (uint32_t row = row_begin; row < row_end; ++row) {
            cb_wait_front(cb_partials, tiles);
            molegen::wait_and_clear(get_semaphore(helper_ready_id), 1);
            uint32_t l1_addr = get_read_ptr(cb_partials);
            for (uint32_t col = col_begin; col < col_end; ++col) {
                for (uint32_t k = expert_begin; k < expert_end; ++k) {
                    const uint32_t slot = (col - col_begin) * slot_stride + (k - owner_experts);
                    noc_async_write(l1_addr, get_noc_addr(owner_x, owner_y, owner_base + slot * tile_bytes), tile_bytes);
                    l1_addr += tile_bytes;
                }
            }
            noc_async_write_barrier();
            noc_semaphore_inc(get_noc_addr(owner_x, owner_y, get_semaphore(helper_filled_id)), 1);
            noc_async_atomic_barrier();
            cb_pop_front(cb_partials, tiles);
        }
        return;
    }
#else
    (void)expert_begin;
    (void)expert_end;
    (void)experts;
    (void)owner_experts;
    (void)owner_x;
    (void)owner_y;
    (void)helper_ready_id;
    (void)helper_filled_id;
#endif

#if defined(OUT_RESIDENT)
    (void)y_addr;
    (void)horizon_tiles;
    (void)row_begin;
    (void)row_end;
    (void)col_begin;
    (void)col_end;
    cb_wait_front(cb_out, shard_tiles);
    cb_pop_front(cb_out, shard_tiles);
#else
    (void)shard_tiles;
    const auto y = TensorAccessor(y_args, y_addr, get_tile_size(cb_out));
    for (uint32_t row = row_begin; row < row_end; ++row) {
        const uint32_t tiles = col_end - col_begin;
        cb_wait_front(cb_out, tiles);
        uint32_t l1_addr = get_read_ptr(cb_out);
        for (uint32_t col = col_begin; col < col_end; ++col) {
            noc_async_write_tile(row * horizon_tiles + col, y, l1_addr);
            l1_addr += get_tile_size(cb_out);
        }
        noc_async_write_barrier();
        cb_pop_front(cb_out, tiles);
    }
#endif
}
