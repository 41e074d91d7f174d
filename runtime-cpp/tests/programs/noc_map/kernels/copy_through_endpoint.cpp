// Copies one page from a DRAM channel to another place in the same channel, addressing both through NoC
// coordinates the host passes (any of the channel's three endpoints, with the bank offset added by hand).
#include <cstdint>

void kernel_main() {
    const uint32_t src_x = get_arg_val<uint32_t>(0);
    const uint32_t src_y = get_arg_val<uint32_t>(1);
    const uint32_t src_addr = get_arg_val<uint32_t>(2);
    const uint32_t dst_x = get_arg_val<uint32_t>(3);
    const uint32_t dst_y = get_arg_val<uint32_t>(4);
    const uint32_t dst_addr = get_arg_val<uint32_t>(5);
    const uint32_t bytes = get_arg_val<uint32_t>(6);
    constexpr uint32_t cb = tt::CBIndex::c_0;
    cb_reserve_back(cb, 1);
    const uint32_t l1 = get_write_ptr(cb);
    noc_async_read(get_noc_addr(src_x, src_y, src_addr), l1, bytes);
    noc_async_read_barrier();
    noc_async_write(l1, get_noc_addr(dst_x, dst_y, dst_addr), bytes);
    noc_async_write_barrier();
}
