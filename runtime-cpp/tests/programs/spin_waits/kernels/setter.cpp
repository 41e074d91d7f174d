// Writer of both cores. It answers the reader's `rounds` rounds of ping-pong (spins until the semaphore holds
// 2r+1, stores 2r+2, through raw pointers: no API call announces the stores), then increments the other core's
// semaphore `remote_increments` times over the NoC. Then it polls its CB with cb_pages_available_at_front until
// the reader's page is there and writes that page to DRAM page `page`.
#include <cstdint>

#include "api/dataflow/dataflow_api.h"

void kernel_main() {
    const std::uint32_t dst_addr = get_arg_val<uint32_t>(0);
    const std::uint32_t page = get_arg_val<uint32_t>(1);
    const std::uint32_t rounds = get_arg_val<uint32_t>(2);
    const std::uint32_t remote_increments = get_arg_val<uint32_t>(3);
    const std::uint32_t remote_x = get_arg_val<uint32_t>(4);
    const std::uint32_t remote_y = get_arg_val<uint32_t>(5);
    constexpr std::uint32_t semaphore_id = get_compile_time_arg_val(0);
    constexpr auto dst_args = TensorAccessorArgs<1>();
    constexpr std::uint32_t cb = tt::CBIndex::c_0;

    auto* semaphore = reinterpret_cast<volatile tt_l1_ptr std::uint32_t*>(get_semaphore(semaphore_id));
    for (std::uint32_t round = 0; round < rounds; ++round) {
        while (*semaphore != 2 * round + 1) invalidate_l1_cache();
        *semaphore = 2 * round + 2;
    }
    const std::uint64_t remote_semaphore = get_noc_addr(remote_x, remote_y, get_semaphore(semaphore_id));
    for (std::uint32_t i = 0; i < remote_increments; ++i) noc_semaphore_inc(remote_semaphore, 1);

    while (!cb_pages_available_at_front(cb, 1)) {
    }
    cb_wait_front(cb, 1);
    const auto dst = TensorAccessor(dst_args, dst_addr, get_tile_size(cb));
    noc_async_write_page(page, dst, get_read_ptr(cb));
    noc_async_write_barrier();
    cb_pop_front(cb, 1);
}
