// Copies num_tiles pages from one interleaved DRAM buffer to another through CB c_0 (one page).
// Runtime args: src address, dst address, number of tiles.
#include <cstdint>

void kernel_main() {
    const uint32_t src_addr = get_arg_val<uint32_t>(0);
    const uint32_t dst_addr = get_arg_val<uint32_t>(1);
    const uint32_t num_tiles = get_arg_val<uint32_t>(2);
    const uint32_t tile_bytes = get_tile_size(tt::CBIndex::c_0);
    const InterleavedAddrGenFast<true> src = {
        .bank_base_address = src_addr, .page_size = tile_bytes, .data_format = DataFormat::Float16_b};
    const InterleavedAddrGenFast<true> dst = {
        .bank_base_address = dst_addr, .page_size = tile_bytes, .data_format = DataFormat::Float16_b};
    for (uint32_t i = 0; i < num_tiles; ++i) {
        cb_reserve_back(tt::CBIndex::c_0, 1);
        const uint32_t l1_addr = get_write_ptr(tt::CBIndex::c_0);
        noc_async_read_tile(i, src, l1_addr);
        noc_async_read_barrier();
        noc_async_write_tile(i, dst, l1_addr);
        noc_async_write_barrier();
    }
}
