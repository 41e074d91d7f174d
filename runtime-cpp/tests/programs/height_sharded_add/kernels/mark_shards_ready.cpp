// Sharded inputs are already in L1: announce them to the compute kernel by pushing the whole shard.
#include <cstdint>

void kernel_main() {
    const std::uint32_t num_tiles = get_arg_val<uint32_t>(0);
    cb_reserve_back(tt::CBIndex::c_0, num_tiles);
    cb_push_back(tt::CBIndex::c_0, num_tiles);
    cb_reserve_back(tt::CBIndex::c_1, num_tiles);
    cb_push_back(tt::CBIndex::c_1, num_tiles);
}
