// Reads two pages of uint32 from DRAM into CBs c_0 / c_1, adds them on the RISC-V, and writes the sum to
// DRAM through c_2. Compile-time args: the TensorAccessorArgs of src0, src1 and dst, in that order.
#include <cstdint>

#include "api/dataflow/dataflow_api.h"

void kernel_main() {
    const std::uint32_t src0_addr = get_arg_val<uint32_t>(0);
    const std::uint32_t src1_addr = get_arg_val<uint32_t>(1);
    const std::uint32_t dst_addr = get_arg_val<uint32_t>(2);
    const std::uint32_t num_pages = get_arg_val<uint32_t>(3);
    const std::uint32_t page_bytes = get_arg_val<uint32_t>(4);

    constexpr auto src0_args = TensorAccessorArgs<0>();
    constexpr auto src1_args = TensorAccessorArgs<src0_args.next_compile_time_args_offset()>();
    constexpr auto dst_args = TensorAccessorArgs<src1_args.next_compile_time_args_offset()>();
    const auto src0 = TensorAccessor(src0_args, src0_addr, page_bytes);
    const auto src1 = TensorAccessor(src1_args, src1_addr, page_bytes);
    const auto dst = TensorAccessor(dst_args, dst_addr, page_bytes);

    for (std::uint32_t page = 0; page < num_pages; ++page) {
        cb_reserve_back(tt::CBIndex::c_0, 1);
        cb_reserve_back(tt::CBIndex::c_1, 1);
        noc_async_read_page(page, src0, get_write_ptr(tt::CBIndex::c_0));
        noc_async_read_page(page, src1, get_write_ptr(tt::CBIndex::c_1));
        noc_async_read_barrier();
        cb_push_back(tt::CBIndex::c_0, 1);
        cb_push_back(tt::CBIndex::c_1, 1);

        cb_wait_front(tt::CBIndex::c_0, 1);
        cb_wait_front(tt::CBIndex::c_1, 1);
        cb_reserve_back(tt::CBIndex::c_2, 1);
        auto* a = reinterpret_cast<const std::uint32_t*>(get_read_ptr(tt::CBIndex::c_0));
        auto* b = reinterpret_cast<const std::uint32_t*>(get_read_ptr(tt::CBIndex::c_1));
        auto* sum = reinterpret_cast<std::uint32_t*>(get_write_ptr(tt::CBIndex::c_2));
        for (std::uint32_t i = 0; i < page_bytes / sizeof(std::uint32_t); ++i) sum[i] = a[i] + b[i];
        cb_pop_front(tt::CBIndex::c_0, 1);
        cb_pop_front(tt::CBIndex::c_1, 1);
        cb_push_back(tt::CBIndex::c_2, 1);

        cb_wait_front(tt::CBIndex::c_2, 1);
        noc_async_write_page(page, dst, get_read_ptr(tt::CBIndex::c_2));
        noc_async_write_barrier();
        cb_pop_front(tt::CBIndex::c_2, 1);
    }
    DPRINT << "added " << num_pages << " pages" << ENDL();
}
