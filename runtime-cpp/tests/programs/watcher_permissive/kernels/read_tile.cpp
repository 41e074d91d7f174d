// Reads one tile of x from DRAM into c_0 — after a 16-byte read from 16 bytes into the tile to the start of the
// page, whose source and destination differ modulo DRAM's 32-byte read alignment (the tile read overwrites it).
#include <cstdint>

#include "api/dataflow/dataflow_api.h"

void kernel_main() {
    const uint32_t x_addr = get_arg_val<uint32_t>(0);
    constexpr auto x_args = TensorAccessorArgs<0>();
    const auto x = TensorAccessor(x_args, x_addr, get_tile_size(tt::CBIndex::c_0));
    cb_reserve_back(tt::CBIndex::c_0, 1);
    noc_async_read(x.get_noc_addr(0, 16), get_write_ptr(tt::CBIndex::c_0), 16);
    noc_async_read_barrier();
    noc_async_read_tile(0, x, get_write_ptr(tt::CBIndex::c_0));
    noc_async_read_barrier();
    cb_push_back(tt::CBIndex::c_0, 1);
}
