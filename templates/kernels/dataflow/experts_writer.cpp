// Experts writer (RISCV_0): drains the output tiles rows [row_begin, row_end) × columns [col_begin,
// col_end) from the output circular buffer into y (page row·cols + col), one barrier per tile row. With
// OUT_RESIDENT the output circular buffer IS this core's L1 shard of y, so it only waits until compute has
// packed (and pushed) the whole shard. With WEIGHTS_SHARED it first moves its half of this core's slice of
// the column group's weights on its own NoC (weight_share.hpp), while the reader moves the other half.
#include <cstdint>

#include "api/dataflow/dataflow_api.h"
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
