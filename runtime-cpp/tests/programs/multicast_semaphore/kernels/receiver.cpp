// Receiver (reader core of each receiver): reserve a page in c_0, reset the local receiver semaphore,
// tell the sender this core is ready (increment its semaphore), wait for VALID, then push the page.
#include <cstdint>

#include "api/dataflow/dataflow_api.h"

void kernel_main() {
    const std::uint32_t num_tiles = get_arg_val<uint32_t>(0);
    const std::uint32_t sender_noc_x = get_arg_val<uint32_t>(1);
    const std::uint32_t sender_noc_y = get_arg_val<uint32_t>(2);
    constexpr std::uint32_t sender_semaphore_id = get_compile_time_arg_val(0);
    constexpr std::uint32_t receiver_semaphore_id = get_compile_time_arg_val(1);
    constexpr std::uint32_t cb = tt::CBIndex::c_0;

    auto* receiver_semaphore = reinterpret_cast<volatile tt_l1_ptr std::uint32_t*>(get_semaphore(receiver_semaphore_id));
    const std::uint64_t sender_semaphore_noc_addr =
        get_noc_addr(sender_noc_x, sender_noc_y, get_semaphore(sender_semaphore_id));

    for (std::uint32_t tile = 0; tile < num_tiles; ++tile) {
        cb_reserve_back(cb, 1);
        noc_semaphore_set(receiver_semaphore, INVALID);
        noc_semaphore_inc(sender_semaphore_noc_addr, 1);
        noc_semaphore_wait(receiver_semaphore, VALID);
        cb_push_back(cb, 1);
    }
}
