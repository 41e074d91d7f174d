// Reads 2 KiB from a DRAM address no buffer covers.
#include <cstdint>
void kernel_main() {
    cb_reserve_back(tt::CBIndex::c_0, 1);
    noc_async_read(get_noc_addr_from_bank_id<true>(0, 0x30000000u), get_write_ptr(tt::CBIndex::c_0), 2048);
    noc_async_read_barrier();
}
