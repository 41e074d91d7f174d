// Reader of both cores. It plays `rounds` rounds of ping-pong with the writer of its core on their semaphore,
// through raw pointers (it stores 2r+1, then spins until the writer has stored 2r+2), then spins until the
// semaphore holds `expected` and pushes one page holding that value. Spins call invalidate_l1_cache(), as
// Blackhole kernels must.
#include <cstdint>

#include "api/dataflow/dataflow_api.h"

void kernel_main() {
    const std::uint32_t rounds = get_arg_val<uint32_t>(0);
    const std::uint32_t expected = get_arg_val<uint32_t>(1);
    constexpr std::uint32_t semaphore_id = get_compile_time_arg_val(0);
    constexpr std::uint32_t cb = tt::CBIndex::c_0;

    auto* semaphore = reinterpret_cast<volatile tt_l1_ptr std::uint32_t*>(get_semaphore(semaphore_id));
    for (std::uint32_t round = 0; round < rounds; ++round) {
        *semaphore = 2 * round + 1;
        while (*semaphore != 2 * round + 2) invalidate_l1_cache();
    }
    while (*semaphore != expected) invalidate_l1_cache();

    cb_reserve_back(cb, 1);
    *reinterpret_cast<volatile tt_l1_ptr std::uint32_t*>(get_write_ptr(cb)) = *semaphore;
    cb_push_back(cb, 1);
}
