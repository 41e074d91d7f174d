// Reads `num_pages` pages of an interleaved DRAM buffer into circular buffer c_0, one page at a time.
#include <cstdint>

#include "api/dataflow/dataflow_api.h"

void kernel_main() {
    const std::uint32_t src_addr = get_arg_val<uint32_t>(0);
    const std::uint32_t num_pages = get_arg_val<uint32_t>(1);
    constexpr std::uint32_t cb = tt::CBIndex::c_0;
    constexpr auto src_args = TensorAccessorArgs<0>();
    const std::uint32_t page_size = get_tile_size(cb);
    const auto src = TensorAccessor(src_args, src_addr, page_size);
    for (std::uint32_t page = 0; page < num_pages; ++page) {
        cb_reserve_back(cb, 1);
        noc_async_read_tile(page, src, get_write_ptr(cb));
        noc_async_read_barrier();
        cb_push_back(cb, 1);
    }
}
