// Sets the unpackers up for CB c_0 (Float16_b) with a full init, then copies a tile of CB c_1 (Float32) after only
// a short init: on hardware srcA would read the fp32 tile as bf16. The emulator must fault naming both CBs.
#include "compute_kernel_api/common.h"
#include "compute_kernel_api/tile_move_copy.h"
#include "compute_kernel_api/eltwise_unary/eltwise_unary.h"

namespace NAMESPACE {
void MAIN {
    unary_op_init_common(tt::CBIndex::c_0, tt::CBIndex::c_16);
    copy_tile_init(tt::CBIndex::c_1);
    cb_wait_front(tt::CBIndex::c_1, 1);
    tile_regs_acquire();
    copy_tile(tt::CBIndex::c_1, 0, 0);
    tile_regs_commit();
}
}  // namespace NAMESPACE
