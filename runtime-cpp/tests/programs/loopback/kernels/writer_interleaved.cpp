// Writes `num_pages` pages from circular buffer c_0 to an interleaved buffer (L1 or DRAM per CT args).
#include <cstdint>

#include "api/dataflow/dataflow_api.h"

void kernel_main() {
    const std::uint32_t dst_addr = get_arg_val<uint32_t>(0);
    const std::uint32_t num_pages = get_arg_val<uint32_t>(1);
    constexpr std::uint32_t cb = tt::CBIndex::c_0;
    constexpr auto dst_args = TensorAccessorArgs<0>();
    const auto dst = TensorAccessor(dst_args, dst_addr, get_tile_size(cb));
    for (std::uint32_t page = 0; page < num_pages; ++page) {
        cb_wait_front(cb, 1);
        noc_async_write_tile(page, dst, get_read_ptr(cb));
        noc_async_write_barrier();
        cb_pop_front(cb, 1);
    }
}
