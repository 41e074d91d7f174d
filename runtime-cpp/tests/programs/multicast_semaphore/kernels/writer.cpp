// Writer of each receiver: store every received tile to DRAM page (receiver_index * num_tiles + tile).
#include <cstdint>

#include "api/dataflow/dataflow_api.h"

void kernel_main() {
    const std::uint32_t dst_addr = get_arg_val<uint32_t>(0);
    const std::uint32_t num_tiles = get_arg_val<uint32_t>(1);
    const std::uint32_t receiver_index = get_arg_val<uint32_t>(2);
    constexpr auto dst_args = TensorAccessorArgs<0>();
    constexpr std::uint32_t cb = tt::CBIndex::c_0;
    const auto dst = TensorAccessor(dst_args, dst_addr, get_tile_size(cb));
    for (std::uint32_t tile = 0; tile < num_tiles; ++tile) {
        cb_wait_front(cb, 1);
        noc_async_write_tile(receiver_index * num_tiles + tile, dst, get_read_ptr(cb));
        noc_async_write_barrier();
        cb_pop_front(cb, 1);
    }
}
