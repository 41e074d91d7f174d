// Reads num_pages pages of an interleaved DRAM tensor into CB c_0 with experimental::Noc: even pages through
// the TensorAccessor, odd ones through the DRAM bank they live in (AllocatorBank, bank id and address).
#include <cstdint>

#include "api/dataflow/dataflow_api.h"
#include "experimental/circular_buffer.h"
#include "experimental/endpoints.h"
#include "experimental/noc.h"
#include "experimental/tensor.h"

void kernel_main() {
    const uint32_t src_addr = get_arg_val<uint32_t>(0);
    const uint32_t num_pages = get_arg_val<uint32_t>(1);
    const uint32_t num_banks = get_arg_val<uint32_t>(2);
    const uint32_t bank_stride = get_arg_val<uint32_t>(3);
    constexpr auto src_args = TensorAccessorArgs<0>();

    experimental::Noc noc;
    experimental::CircularBuffer cb(tt::CBIndex::c_0);
    const uint32_t page_bytes = cb.get_tile_size();
    const auto src = TensorAccessor(src_args, src_addr, page_bytes);
    experimental::AllocatorBank<experimental::AllocatorBankType::DRAM> dram;

    for (uint32_t page = 0; page < num_pages; ++page) {
        cb.reserve_back(1);
        if (page % 2 == 0) {
            noc.async_read(src, cb, page_bytes, {.page_id = page}, {});
        } else {
            noc.async_read(dram, cb, page_bytes,
                           {.bank_id = page % num_banks, .addr = src_addr + (page / num_banks) * bank_stride}, {});
        }
        noc.async_read_barrier();
        cb.push_back(1);
    }
}
