// Copies every page of a sharded L1 buffer (addressed through its sharded TensorAccessor, so each page is
// fetched from whichever core holds it) into an interleaved DRAM buffer, in page order.
#include <cstdint>

#include "api/dataflow/dataflow_api.h"

void kernel_main() {
    const std::uint32_t src_addr = get_arg_val<uint32_t>(0);
    const std::uint32_t dst_addr = get_arg_val<uint32_t>(1);
    const std::uint32_t num_pages = get_arg_val<uint32_t>(2);
    constexpr auto src_args = TensorAccessorArgs<0>();
    constexpr auto dst_args = TensorAccessorArgs<src_args.next_compile_time_args_offset()>();
    static_assert(src_args.is_sharded && !dst_args.is_sharded);
    constexpr std::uint32_t cb = tt::CBIndex::c_0;
    const std::uint32_t page_bytes = get_tile_size(cb);
    const auto src = TensorAccessor(src_args, src_addr, page_bytes);
    const auto dst = TensorAccessor(dst_args, dst_addr, page_bytes);
    for (std::uint32_t page = 0; page < num_pages; ++page) {
        cb_reserve_back(cb, 1);
        noc_async_read_page(page, src, get_write_ptr(cb));
        noc_async_read_barrier();
        noc_async_write_page(page, dst, get_write_ptr(cb));
        noc_async_write_barrier();
        cb_push_back(cb, 1);
        cb_wait_front(cb, 1);
        cb_pop_front(cb, 1);
    }
}
