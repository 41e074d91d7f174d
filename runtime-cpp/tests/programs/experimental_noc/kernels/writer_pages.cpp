// Writes the pages of CB c_0 to an interleaved DRAM tensor with experimental::Noc, then reports to the cores
// of an L1 buffer (one 64-byte page per core): an inline word to core `peer` (UnicastEndpoint), the first 64
// bytes of the last page to L1 bank 2 (CoreLocalMem -> AllocatorBank<L1>), and a multicast of those bytes to
// the rectangle [mcast_start, mcast_end] at offset 32 of the L1 buffer pages (MulticastEndpoint).
#include <cstdint>

#include "api/dataflow/dataflow_api.h"
#include "experimental/circular_buffer.h"
#include "experimental/core_local_mem.h"
#include "experimental/endpoints.h"
#include "experimental/noc.h"
#include "experimental/tensor.h"

void kernel_main() {
    const uint32_t dst_addr = get_arg_val<uint32_t>(0);
    const uint32_t num_pages = get_arg_val<uint32_t>(1);
    const uint32_t report_addr = get_arg_val<uint32_t>(2);
    const uint32_t peer_x = get_arg_val<uint32_t>(3);
    const uint32_t peer_y = get_arg_val<uint32_t>(4);
    const uint32_t mcast_start_x = get_arg_val<uint32_t>(5);
    const uint32_t mcast_start_y = get_arg_val<uint32_t>(6);
    const uint32_t mcast_end_x = get_arg_val<uint32_t>(7);
    const uint32_t mcast_end_y = get_arg_val<uint32_t>(8);
    const uint32_t mcast_cores = get_arg_val<uint32_t>(9);
    constexpr auto dst_args = TensorAccessorArgs<0>();

    experimental::Noc noc;
    experimental::CircularBuffer cb(tt::CBIndex::c_0);
    const uint32_t page_bytes = cb.get_tile_size();
    const auto dst = TensorAccessor(dst_args, dst_addr, page_bytes);

    for (uint32_t page = 0; page < num_pages; ++page) {
        cb.wait_front(1);
        noc.async_write(cb, dst, page_bytes, {}, {.page_id = page});
        noc.async_write_barrier();
        if (page + 1 < num_pages) cb.pop_front(1);
    }

    experimental::UnicastEndpoint peer;
    noc.inline_dw_write(peer, 0xC0FFEE, {.noc_x = peer_x, .noc_y = peer_y, .addr = report_addr});

    experimental::CoreLocalMem<uint32_t> last_page(cb.get_read_ptr());
    experimental::AllocatorBank<experimental::AllocatorBankType::L1> l1_bank;
    noc.async_write(last_page, l1_bank, 64, {}, {.bank_id = 2, .addr = report_addr});

    experimental::MulticastEndpoint rectangle;
    noc.async_write_multicast(last_page, rectangle, 32, mcast_cores, {},
                              {.noc_x_start = mcast_start_x, .noc_y_start = mcast_start_y, .noc_x_end = mcast_end_x,
                               .noc_y_end = mcast_end_y, .addr = report_addr + 32});
    noc.async_write_barrier();
    cb.pop_front(1);
}
