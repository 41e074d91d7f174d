// Copies one DRAM page into an L1 buffer and back out to another DRAM page, with raw NoC addresses.
// No include: the dataflow API is available implicitly, as on hardware.
#include <cstdint>

void kernel_main() {
    const std::uint32_t l1_buffer_addr = get_arg_val<uint32_t>(0);
    const std::uint32_t src_addr = get_arg_val<uint32_t>(1);
    const std::uint32_t src_bank = get_arg_val<uint32_t>(2);
    const std::uint32_t dst_addr = get_arg_val<uint32_t>(3);
    const std::uint32_t dst_bank = get_arg_val<uint32_t>(4);
    const std::uint32_t size = get_arg_val<uint32_t>(5);

    noc_async_read(get_noc_addr_from_bank_id<true>(src_bank, src_addr), l1_buffer_addr, size);
    noc_async_read_barrier();
    noc_async_write(l1_buffer_addr, get_noc_addr_from_bank_id<true>(dst_bank, dst_addr), size);
    noc_async_write_barrier();
}
