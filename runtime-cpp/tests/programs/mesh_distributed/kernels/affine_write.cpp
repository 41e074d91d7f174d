// For each page pair from c_0 (input) and c_1 (weight): out = input * SCALE + weight + bias, word by word
// (uint32, wrapping), computed in place in the c_0 page and written to page [first + i] of the output.
// Compile-time args: SCALE, then the output's TensorAccessorArgs. Runtime args: output address, first
// page, page count, bias, page size in bytes.
#include <cstdint>

#include "api/dataflow/dataflow_api.h"

void kernel_main() {
    const std::uint32_t output_addr = get_arg_val<uint32_t>(0);
    const std::uint32_t first = get_arg_val<uint32_t>(1);
    const std::uint32_t count = get_arg_val<uint32_t>(2);
    const std::uint32_t bias = get_arg_val<uint32_t>(3);
    const std::uint32_t page_bytes = get_arg_val<uint32_t>(4);
    constexpr std::uint32_t scale = get_compile_time_arg_val(0);
    constexpr std::uint32_t input_cb = tt::CBIndex::c_0;
    constexpr std::uint32_t weight_cb = tt::CBIndex::c_1;
    constexpr auto output_args = TensorAccessorArgs<1>();
    const auto output = TensorAccessor(output_args, output_addr, page_bytes);
    for (std::uint32_t page = first; page < first + count; ++page) {
        cb_wait_front(input_cb, 1);
        cb_wait_front(weight_cb, 1);
        auto* values = reinterpret_cast<std::uint32_t*>(get_read_ptr(input_cb));
        const auto* weights = reinterpret_cast<const std::uint32_t*>(get_read_ptr(weight_cb));
        for (std::uint32_t i = 0; i < page_bytes / 4; ++i) values[i] = values[i] * scale + weights[i] + bias;
        noc_async_write_page(page, output, get_read_ptr(input_cb));
        noc_async_write_barrier();
        cb_pop_front(input_cb, 1);
        cb_pop_front(weight_cb, 1);
    }
}
