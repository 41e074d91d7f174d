// Sender (reader core of the sender): for each tile, read it from DRAM into c_0, wait until every receiver
// has said it is ready (sender semaphore reaches num_receivers), multicast the tile into the receivers'
// c_0 at the same L1 address, then multicast VALID into their receiver semaphore.
#include <cstdint>

#include "api/dataflow/dataflow_api.h"

void kernel_main() {
    const std::uint32_t src_addr = get_arg_val<uint32_t>(0);
    const std::uint32_t num_tiles = get_arg_val<uint32_t>(1);
    const std::uint32_t mcast_x_start = get_arg_val<uint32_t>(2);
    const std::uint32_t mcast_y_start = get_arg_val<uint32_t>(3);
    const std::uint32_t mcast_x_end = get_arg_val<uint32_t>(4);
    const std::uint32_t mcast_y_end = get_arg_val<uint32_t>(5);
    const std::uint32_t num_receivers = get_arg_val<uint32_t>(6);
    constexpr std::uint32_t sender_semaphore_id = get_compile_time_arg_val(0);
    constexpr std::uint32_t receiver_semaphore_id = get_compile_time_arg_val(1);
    constexpr auto src_args = TensorAccessorArgs<2>();
    constexpr std::uint32_t cb = tt::CBIndex::c_0;
    const std::uint32_t tile_bytes = get_tile_size(cb);
    const auto src = TensorAccessor(src_args, src_addr, tile_bytes);

    auto* sender_semaphore = reinterpret_cast<volatile tt_l1_ptr std::uint32_t*>(get_semaphore(sender_semaphore_id));
    const std::uint32_t receiver_semaphore_addr = get_semaphore(receiver_semaphore_id);
    auto* receiver_semaphore = reinterpret_cast<volatile tt_l1_ptr std::uint32_t*>(receiver_semaphore_addr);

    for (std::uint32_t tile = 0; tile < num_tiles; ++tile) {
        cb_reserve_back(cb, 1);
        const std::uint32_t l1_addr = get_write_ptr(cb);
        noc_async_read_tile(tile, src, l1_addr);
        noc_async_read_barrier();

        noc_semaphore_wait(sender_semaphore, num_receivers);
        noc_semaphore_set(sender_semaphore, 0);

        const std::uint64_t tile_mcast =
            get_noc_multicast_addr(mcast_x_start, mcast_y_start, mcast_x_end, mcast_y_end, l1_addr);
        noc_async_write_multicast(l1_addr, tile_mcast, tile_bytes, num_receivers);
        noc_semaphore_set(receiver_semaphore, VALID);
        const std::uint64_t flag_mcast =
            get_noc_multicast_addr(mcast_x_start, mcast_y_start, mcast_x_end, mcast_y_end, receiver_semaphore_addr);
        noc_semaphore_set_multicast(receiver_semaphore_addr, flag_mcast, num_receivers);
        noc_async_write_barrier();
        cb_push_back(cb, 1);
        cb_wait_front(cb, 1);
        cb_pop_front(cb, 1);
    }
}
