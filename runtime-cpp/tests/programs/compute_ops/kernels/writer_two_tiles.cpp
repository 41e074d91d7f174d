// Writer of compute_ops: two tiles from c_16 to output tiles 0 and 1.
#include <cstdint>

#include "api/dataflow/dataflow_api.h"

void kernel_main() {
    const uint32_t out_address = get_arg_val<uint32_t>(0);
    constexpr uint32_t cb_out = tt::CBIndex::c_16;
    constexpr auto out_args = TensorAccessorArgs<0>();
    const auto out = TensorAccessor(out_args, out_address, get_tile_size(cb_out));
    cb_wait_front(cb_out, 2);
    noc_async_write_tile(0, out, get_read_ptr(cb_out));
    noc_async_write_tile(1, out, get_read_ptr(cb_out) + get_tile_size(cb_out));
    noc_async_write_barrier();
    cb_pop_front(cb_out, 2);
}
