// Reads 32 bytes from NoC coordinate (x, y), local address `address`, all three from the runtime args.
#include <cstdint>
void kernel_main() {
    const std::uint32_t x = get_arg_val<uint32_t>(0);
    const std::uint32_t y = get_arg_val<uint32_t>(1);
    const std::uint32_t address = get_arg_val<uint32_t>(2);
    cb_reserve_back(tt::CBIndex::c_0, 1);
    noc_async_read(get_noc_addr(x, y, address), get_write_ptr(tt::CBIndex::c_0), 32);
    noc_async_read_barrier();
}
