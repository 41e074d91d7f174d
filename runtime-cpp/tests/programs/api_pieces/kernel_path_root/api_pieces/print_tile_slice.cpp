// Found through $TT_METAL_KERNEL_PATH only. Prints windows of the tile at the front of c_0 with TileSlice
// (as the UNPACK thread sees it), then pops it.
#include <cstdint>

#include "api/debug/dprint.h"
#include "compute_kernel_api/common.h"
#include "tt-metalium/constants.hpp"  // host headers are on kernels' include path, as with tt-metal's JIT

void kernel_main() {
    cb_wait_front(tt::CBIndex::c_0, 1);
    DPRINT_UNPACK(DPRINT << TSLICE(tt::CBIndex::c_0, 0, SliceRange{.h0 = 0, .h1 = 32, .hs = 8, .w0 = 0, .w1 = 32, .ws = 8})
                         << ENDL());
    DPRINT_UNPACK(DPRINT << "slice row 5: "
                         << TSLICE(tt::CBIndex::c_0, 0, SliceRange{.h0 = 5, .h1 = 6, .hs = 1, .w0 = 0, .w1 = 8, .ws = 1})
                         << ENDL());
    DPRINT_MATH(DPRINT << TSLICE(tt::CBIndex::c_0, 0, SliceRange::hw041()) << ENDL());
    DPRINT << "tile of " << tt::constants::TILE_HW << " elements" << ENDL();
    cb_pop_front(tt::CBIndex::c_0, 1);
}
