// CB tile -> DST copies (tt-metal compute_kernel_api/tile_move_copy.h). The init may request a full
// tile transpose (transpose != 0), which later copy_tile calls apply.
#pragma once

#include "compute_kernel_api/common.h"

namespace ckernel {

ALWI void copy_tile_to_dst_init_short(uint32_t cbid, uint32_t transpose = 0,
                                      uint32_t transpose_within_16x16_face = false,
                                      uint32_t call_line = __builtin_LINE()) {
    (void)cbid;
    (void)transpose_within_16x16_face;
    (void)call_line;
    emu::compute::set_copy_transpose(transpose != 0);
}

ALWI void copy_tile_init(uint32_t cbid, uint32_t call_line = __builtin_LINE()) {
    copy_tile_to_dst_init_short(cbid, 0, false, call_line);
}

// Newer spelling.
ALWI void copy_init(uint32_t cbid, uint32_t call_line = __builtin_LINE()) { copy_tile_init(cbid, call_line); }

ALWI void copy_tile_to_dst_init_short_with_dt(uint32_t old_cbid, uint32_t new_cbid, uint32_t transpose = 0) {
    (void)old_cbid;
    emu::compute::configure_format(emu::compute::FormatSlot::SrcA, new_cbid, "copy_tile_to_dst_init_short_with_dt");
    copy_tile_to_dst_init_short(new_cbid, transpose);
}

ALWI void copy_tile(uint32_t in_cb_id, uint32_t in_tile_index, uint32_t dst_tile_index) {
    emu::compute::copy_tile(in_cb_id, in_tile_index, dst_tile_index);
}

ALWI void copy_block_matmul_partials(uint32_t in_cb_id, uint32_t start_in_tile_idx, uint32_t start_dst_tile_idx,
                                     uint32_t ntiles) {
    for (uint32_t i = 0; i < ntiles; ++i)
        emu::compute::copy_tile(in_cb_id, start_in_tile_idx + i, start_dst_tile_idx + i);
}

}  // namespace ckernel
