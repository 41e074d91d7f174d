// DST register protocol (tt-metal compute_kernel_api/reg_api.h). acquire zeroes the usable DST section;
// commit/wait are ordering points between MATH and PACK, which one emulator thread runs in order.
#pragma once

#include "compute_kernel_api/common_globals.h"

namespace ckernel {

ALWI void tile_regs_acquire() { emu::compute::tile_regs_acquire(); }
ALWI void tile_regs_commit() { emu::compute::tile_regs_commit(); }
ALWI void tile_regs_wait() { emu::compute::tile_regs_wait(); }
ALWI void tile_regs_release() { emu::compute::tile_regs_release(); }

// Deprecated in tt-metal: acquire_dst = acquire + wait, release_dst = commit + release.
ALWI void acquire_dst() {
    emu::compute::tile_regs_acquire();
    emu::compute::tile_regs_wait();
}
ALWI void release_dst() {
    emu::compute::tile_regs_commit();
    emu::compute::tile_regs_release();
}

}  // namespace ckernel
