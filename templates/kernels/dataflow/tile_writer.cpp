// Tile writer (RISCV_0), used by both programs: drains the output tiles rows [row_begin, row_end) × columns
// [col_begin, col_end) from the output circular buffer into its tensor (page row·cols + col), one
// barrier per tile row. With OUT_RESIDENT the output circular buffer IS this core's L1 shard of the
// tensor, so the writer only waits until compute has packed (and pushed) the whole shard.
#include <cstdint>

#include "api/dataflow/dataflow_api.h"

void kernel_main() {
    const uint32_t y_addr = get_arg_val<uint32_t>(0);
    const uint32_t row_begin = get_arg_val<uint32_t>(1);
    const uint32_t row_end = get_arg_val<uint32_t>(2);
    const uint32_t col_begin = get_arg_val<uint32_t>(3);
    const uint32_t col_end = get_arg_val<uint32_t>(4);
    const uint32_t horizon_tiles = get_arg_val<uint32_t>(5);  // tiles per row of the tensor
    const uint32_t shard_tiles = get_arg_val<uint32_t>(6);    // OUT_RESIDENT: tiles of this core's shard

    constexpr uint32_t cb_out = tt::CBIndex::c_16;
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
    constexpr auto y_args = TensorAccessorArgs<0>();
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
