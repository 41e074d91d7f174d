// Hands DST tile 0 to the packer and appends it to a circular buffer as one page: the end of every
// single-tile compute step in molegen's compute kernels. Include after the compute kernel API.
#pragma once

#include <cstdint>

namespace molegen {

inline void pack_to(uint32_t cb) {
    tile_regs_commit();
    tile_regs_wait();
    cb_reserve_back(cb, 1);
    pack_tile(0, cb);
    cb_push_back(cb, 1);
    tile_regs_release();
}

}  // namespace molegen
