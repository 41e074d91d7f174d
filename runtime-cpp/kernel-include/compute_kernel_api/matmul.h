// Matrix multiply (tt-metal compute_kernel_api/matmul.h): DST[idst] += in0 tile x in1 tile.
// The inits record whether in1 tiles are transposed; mm_init and mm_block_init also set the data formats (in1 is
// unpacked into srcA and in0 into srcB, as the pin's llk_unpack_hw_configure(in1, in0) has it; the packer for
// out), the *_with_dt inits srcA's alone, and the short inits none. Both the snapshot names (mm_init,
// mm_block_init) and the newer ones (matmul_init, matmul_block_init, hardware startup split off) are provided.
#pragma once

#include "compute_kernel_api/common.h"

namespace ckernel {

ALWI void mm_init_short(uint32_t in0_cb_id, uint32_t in1_cb_id, const uint32_t transpose = 0,
                        uint32_t call_line = __builtin_LINE()) {
    (void)in0_cb_id;
    (void)in1_cb_id;
    (void)call_line;
    emu::compute::set_matmul_transpose(transpose != 0);
}

ALWI void mm_init(uint32_t in0_cb_id, uint32_t in1_cb_id, uint32_t out_cb_id, const uint32_t transpose = 0,
                  uint32_t call_line = __builtin_LINE()) {
    emu::compute::configure_formats(in1_cb_id, in0_cb_id, out_cb_id, "mm_init");
    mm_init_short(in0_cb_id, in1_cb_id, transpose, call_line);
}

ALWI void mm_init_short_with_dt(uint32_t in0_cb_id, uint32_t in1_cb_id, uint32_t c_in_old_srca,
                                const uint32_t transpose = 0) {
    (void)c_in_old_srca;
    emu::compute::configure_format(emu::compute::FormatSlot::SrcA, in1_cb_id, "mm_init_short_with_dt");
    mm_init_short(in0_cb_id, in1_cb_id, transpose);
}

ALWI void matmul_init(uint32_t in0_cb_id, uint32_t in1_cb_id, const uint32_t transpose = 0,
                      uint32_t call_line = __builtin_LINE()) {
    mm_init_short(in0_cb_id, in1_cb_id, transpose, call_line);
}

// The 6th argument is the pre-Dec-2025 `transpose` flag; it is accepted and ignored, as upstream did.
ALWI void matmul_tiles(uint32_t in0_cb_id, uint32_t in1_cb_id, uint32_t in0_tile_index, uint32_t in1_tile_index,
                       uint32_t idst, const bool transpose_unused = false) {
    (void)transpose_unused;
    emu::compute::matmul_tiles(in0_cb_id, in1_cb_id, in0_tile_index, in1_tile_index, idst);
}

ALWI void mm_block_init_short(uint32_t in0_cb_id, uint32_t in1_cb_id, const uint32_t transpose = 0,
                              uint32_t ct_dim = 1, uint32_t rt_dim = 1, uint32_t kt_dim = 1,
                              uint32_t call_line = __builtin_LINE()) {
    (void)ct_dim;
    (void)rt_dim;
    (void)kt_dim;
    mm_init_short(in0_cb_id, in1_cb_id, transpose, call_line);
}

ALWI void mm_block_init(uint32_t in0_cb_id, uint32_t in1_cb_id, uint32_t out_cb_id, const uint32_t transpose = 0,
                        uint32_t ct_dim = 1, uint32_t rt_dim = 1, uint32_t kt_dim = 1,
                        uint32_t call_line = __builtin_LINE()) {
    emu::compute::configure_formats(in1_cb_id, in0_cb_id, out_cb_id, "mm_block_init");
    mm_block_init_short(in0_cb_id, in1_cb_id, transpose, ct_dim, rt_dim, kt_dim, call_line);
}

ALWI void mm_block_init_short_with_dt(uint32_t in0_cb_id, uint32_t in1_cb_id, uint32_t old_in1_cb_id,
                                      const uint32_t transpose = 0, uint32_t ct_dim = 1, uint32_t rt_dim = 1,
                                      uint32_t kt_dim = 1, uint32_t call_line = __builtin_LINE()) {
    (void)old_in1_cb_id;
    emu::compute::configure_format(emu::compute::FormatSlot::SrcA, in1_cb_id, "mm_block_init_short_with_dt");
    mm_block_init_short(in0_cb_id, in1_cb_id, transpose, ct_dim, rt_dim, kt_dim, call_line);
}

ALWI void matmul_block_init(uint32_t in0_cb_id, uint32_t in1_cb_id, const uint32_t transpose = 0,
                            uint32_t ct_dim = 1, uint32_t rt_dim = 1, uint32_t kt_dim = 1,
                            uint32_t call_line = __builtin_LINE()) {
    mm_block_init_short(in0_cb_id, in1_cb_id, transpose, ct_dim, rt_dim, kt_dim, call_line);
}

// DST block rt_dim x ct_dim at idst (row-major) += in0[in0_tile_index + r*kt_dim] x in1[in1_tile_index + c].
ALWI void matmul_block(uint32_t in0_cb_id, uint32_t in1_cb_id, uint32_t in0_tile_index, uint32_t in1_tile_index,
                       uint32_t idst, const uint32_t transpose, uint32_t ct_dim, uint32_t rt_dim, uint32_t kt_dim,
                       uint32_t call_line = __builtin_LINE()) {
    (void)call_line;
    emu::compute::matmul_block(in0_cb_id, in1_cb_id, in0_tile_index, in1_tile_index, idst, transpose != 0, ct_dim,
                               rt_dim, kt_dim);
}

}  // namespace ckernel
