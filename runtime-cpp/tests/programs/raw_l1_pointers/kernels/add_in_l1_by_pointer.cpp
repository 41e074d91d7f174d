// c = a + b through raw pointers to L1 buffers. Runtime args: a, b, c DRAM addresses; a, b, c L1 buffer
// addresses; element count. WILD_POINTER=1 makes it touch a wild address instead.
#include <cstdint>

#include "api/dataflow/dataflow_api.h"

void kernel_main() {
    const uint32_t a_dram = get_arg_val<uint32_t>(0);
    const uint32_t b_dram = get_arg_val<uint32_t>(1);
    const uint32_t c_dram = get_arg_val<uint32_t>(2);
    const uint32_t a_l1 = get_arg_val<uint32_t>(3);
    const uint32_t b_l1 = get_arg_val<uint32_t>(4);
    const uint32_t c_l1 = get_arg_val<uint32_t>(5);
    const uint32_t n = get_arg_val<uint32_t>(6);

    const uint64_t a_noc = get_noc_addr_from_bank_id<true>(0, a_dram);
    const uint64_t b_noc = get_noc_addr_from_bank_id<true>(0, b_dram);
    const uint64_t c_noc = get_noc_addr_from_bank_id<true>(0, c_dram);
    noc_async_read(a_noc, a_l1, n * sizeof(uint32_t));
    noc_async_read(b_noc, b_l1, n * sizeof(uint32_t));
    noc_async_read_barrier();

    const uint32_t* a = reinterpret_cast<const uint32_t*>(a_l1);
    const uint32_t* b = reinterpret_cast<const uint32_t*>(b_l1);
    uint32_t* c = reinterpret_cast<uint32_t*>(c_l1);
#if WILD_POINTER
    c = reinterpret_cast<uint32_t*>(uintptr_t{0xdead0000});
#endif
    for (uint32_t i = 0; i < n; ++i) c[i] = a[i] + b[i];

    noc_async_write(c_l1, c_noc, n * sizeof(uint32_t));
    noc_async_write_barrier();
}
