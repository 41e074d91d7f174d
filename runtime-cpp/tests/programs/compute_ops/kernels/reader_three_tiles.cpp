// Reader of compute_ops: tile 0 of A, B and S (scaler) buffers into c_0, c_1, c_2.
#include <cstdint>

#include "api/dataflow/dataflow_api.h"

void kernel_main() {
    const uint32_t addresses[3] = {get_arg_val<uint32_t>(0), get_arg_val<uint32_t>(1), get_arg_val<uint32_t>(2)};
    constexpr auto args = TensorAccessorArgs<0>();  // the three buffers share one layout
    for (uint32_t cb = 0; cb < 3; ++cb) {
        const auto source = TensorAccessor(args, addresses[cb], get_tile_size(cb));
        cb_reserve_back(cb, 1);
        noc_async_read_tile(0, source, get_write_ptr(cb));
        noc_async_read_barrier();
        cb_push_back(cb, 1);
    }
}
