// Writes 4 KiB to another core's L1 starting 1 KiB before its end.
#include <cstdint>
void kernel_main() {
    const std::uint32_t target_x = get_arg_val<uint32_t>(0);
    const std::uint32_t target_y = get_arg_val<uint32_t>(1);
    const std::uint32_t l1_size = get_arg_val<uint32_t>(2);
    cb_reserve_back(tt::CBIndex::c_0, 1);
    noc_async_write(get_write_ptr(tt::CBIndex::c_0), get_noc_addr(target_x, target_y, l1_size - 1024), 4096);
    noc_async_write_barrier();
}
