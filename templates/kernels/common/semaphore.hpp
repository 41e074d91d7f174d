// Semaphore hand-offs shared by molegen's dataflow kernels: waiting for a count of signals (and resetting the
// semaphore for the next hand-off), and signalling every core of a list. Include after the dataflow API.
// Moves no data.
#pragma once

#include <cstdint>

namespace molegen {

// Waits until the semaphore at L1 address `semaphore` (from get_semaphore) reaches `value`, then sets it back to 0.
inline void wait_and_clear(uint32_t semaphore, uint32_t value) {
    volatile tt_l1_ptr uint32_t* counter = reinterpret_cast<volatile tt_l1_ptr uint32_t*>(semaphore);
    noc_semaphore_wait(counter, value);
    noc_semaphore_set(counter, 0);
}

// Adds 1 to semaphore `id` of each core in the list at runtime arg `list` (a count, then NoC x/y pairs).
inline void signal_cores(uint32_t list, uint32_t id) {
    const uint32_t count = get_arg_val<uint32_t>(list);
    const uint32_t address = get_semaphore(id);
    for (uint32_t i = 0; i < count; ++i) {
        const uint32_t noc_x = get_arg_val<uint32_t>(list + 1 + 2 * i);
        const uint32_t noc_y = get_arg_val<uint32_t>(list + 2 + 2 * i);
        noc_semaphore_inc(get_noc_addr(noc_x, noc_y, address), 1);
    }
    noc_async_atomic_barrier();
}

}  // namespace molegen
