// Records, for every DRAM bank and for L1 bank 0, the NoC address the bank tables give this kernel (on its
// own NoC), and this core's own coordinate, into an L1 scratch area the host reads back.
#include <cstdint>

void kernel_main() {
    const uint32_t out_addr = get_arg_val<uint32_t>(0);
    const uint32_t dram_banks = get_arg_val<uint32_t>(1);
    const uint32_t bank_address = get_arg_val<uint32_t>(2);
    volatile tt_l1_ptr uint32_t* out = reinterpret_cast<volatile tt_l1_ptr uint32_t*>(out_addr);
    for (uint32_t bank = 0; bank < dram_banks; ++bank) {
        const uint64_t noc_addr = get_noc_addr_from_bank_id<true>(bank, bank_address);
        out[3 * bank + 0] = static_cast<uint32_t>(NOC_UNICAST_ADDR_X(noc_addr));
        out[3 * bank + 1] = static_cast<uint32_t>(NOC_UNICAST_ADDR_Y(noc_addr));
        out[3 * bank + 2] = static_cast<uint32_t>(noc_addr & 0xFFFFFFFFu);
    }
    const uint64_t l1_bank0 = get_noc_addr_from_bank_id<false>(0, 0);
    out[3 * dram_banks + 0] = static_cast<uint32_t>(NOC_UNICAST_ADDR_X(l1_bank0));
    out[3 * dram_banks + 1] = static_cast<uint32_t>(NOC_UNICAST_ADDR_Y(l1_bank0));
    out[3 * dram_banks + 2] = my_x[noc_index];
    out[3 * dram_banks + 3] = my_y[noc_index];
}
