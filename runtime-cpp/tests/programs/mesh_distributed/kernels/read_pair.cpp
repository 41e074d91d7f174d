// Reads pages [first, first + count) of an input buffer into c_0 and of a weight buffer into c_1, one
// page of each at a time. Both buffers are described by TensorAccessorArgs (input first); the page size
// is a runtime arg (the CBs' pages are smaller than a UInt32 tile, which get_tile_size would give).
#include <cstdint>

#include "api/dataflow/dataflow_api.h"

void kernel_main() {
    const std::uint32_t input_addr = get_arg_val<uint32_t>(0);
    const std::uint32_t weight_addr = get_arg_val<uint32_t>(1);
    const std::uint32_t first = get_arg_val<uint32_t>(2);
    const std::uint32_t count = get_arg_val<uint32_t>(3);
    const std::uint32_t page_bytes = get_arg_val<uint32_t>(4);
    constexpr std::uint32_t input_cb = tt::CBIndex::c_0;
    constexpr std::uint32_t weight_cb = tt::CBIndex::c_1;
    constexpr auto input_args = TensorAccessorArgs<0>();
    constexpr auto weight_args = TensorAccessorArgs<input_args.next_compile_time_args_offset()>();
    const auto input = TensorAccessor(input_args, input_addr, page_bytes);
    const auto weight = TensorAccessor(weight_args, weight_addr, page_bytes);
    for (std::uint32_t page = first; page < first + count; ++page) {
        cb_reserve_back(input_cb, 1);
        cb_reserve_back(weight_cb, 1);
        noc_async_read_page(page, input, get_write_ptr(input_cb));
        noc_async_read_page(page, weight, get_write_ptr(weight_cb));
        noc_async_read_barrier();
        cb_push_back(input_cb, 1);
        cb_push_back(weight_cb, 1);
    }
}
