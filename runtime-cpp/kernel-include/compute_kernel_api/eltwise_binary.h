// Element-wise binary FPU ops (tt-metal compute_kernel_api/eltwise_binary.h): DST = A op B, or
// A op B + DST after an init with acc_to_dest; and the DST-reuse forms (DST is one operand).
#pragma once

#include "compute_kernel_api/common.h"

namespace ckernel {

ALWI void binary_op_init_common(uint32_t icb0, uint32_t icb1, uint32_t ocb, uint32_t call_line = __builtin_LINE()) {
    (void)call_line;
    emu::compute::configure_formats(icb0, icb1, ocb, "binary_op_init_common");
    emu::compute::set_binary_accumulate(false);
}

template <bool full_init, EltwiseBinaryType eltwise_binary_type>
ALWI void binary_tiles_init(uint32_t icb0, uint32_t icb1, bool acc_to_dest = false,
                            uint32_t call_line = __builtin_LINE()) {
    static_assert(emu_binary_op_supported(eltwise_binary_type), "emulator: only ELWADD, ELWSUB, ELWMUL");
    (void)icb0;
    (void)icb1;
    (void)call_line;
    emu::compute::set_binary_accumulate(acc_to_dest);
}

ALWI void add_tiles_init(uint32_t icb0, uint32_t icb1, bool acc_to_dest = false, uint32_t call_line = __builtin_LINE()) {
    binary_tiles_init<false, ELWADD>(icb0, icb1, acc_to_dest, call_line);
}
ALWI void sub_tiles_init(uint32_t icb0, uint32_t icb1, bool acc_to_dest = false, uint32_t call_line = __builtin_LINE()) {
    binary_tiles_init<false, ELWSUB>(icb0, icb1, acc_to_dest, call_line);
}
ALWI void mul_tiles_init(uint32_t icb0, uint32_t icb1, uint32_t call_line = __builtin_LINE()) {
    binary_tiles_init<false, ELWMUL>(icb0, icb1, false, call_line);
}

ALWI void add_tiles(uint32_t icb0, uint32_t icb1, uint32_t itile0, uint32_t itile1, uint32_t idst) {
    emu::compute::binary_tiles(emu::compute::BinaryOp::Add, emu::compute::Broadcast::None, icb0, icb1, itile0,
                               itile1, idst, "add_tiles");
}
ALWI void sub_tiles(uint32_t icb0, uint32_t icb1, uint32_t itile0, uint32_t itile1, uint32_t idst) {
    emu::compute::binary_tiles(emu::compute::BinaryOp::Sub, emu::compute::Broadcast::None, icb0, icb1, itile0,
                               itile1, idst, "sub_tiles");
}
ALWI void mul_tiles(uint32_t icb0, uint32_t icb1, uint32_t itile0, uint32_t itile1, uint32_t idst) {
    emu::compute::binary_tiles(emu::compute::BinaryOp::Mul, emu::compute::Broadcast::None, icb0, icb1, itile0,
                               itile1, idst, "mul_tiles");
}

template <EltwiseBinaryType eltwise_binary_type = ELWADD,
          EltwiseBinaryReuseDestType binary_reuse_dest = EltwiseBinaryReuseDestType::NONE>
ALWI void binary_dest_reuse_tiles_init(uint32_t icb0, uint32_t call_line = __builtin_LINE()) {
    static_assert(emu_binary_op_supported(eltwise_binary_type), "emulator: only ELWADD, ELWSUB, ELWMUL");
    (void)icb0;
    (void)call_line;
    emu::compute::set_binary_accumulate(false);
}

template <EltwiseBinaryType eltwise_binary_type = ELWADD,
          EltwiseBinaryReuseDestType binary_reuse_dest = EltwiseBinaryReuseDestType::NONE>
ALWI void binary_dest_reuse_tiles(uint32_t in_cb_id, uint32_t in_tile_index, uint32_t dst_tile_index) {
    static_assert(binary_reuse_dest != EltwiseBinaryReuseDestType::NONE,
                  "binary_dest_reuse_tiles needs DEST_TO_SRCA or DEST_TO_SRCB");
    constexpr auto reuse = binary_reuse_dest == EltwiseBinaryReuseDestType::DEST_TO_SRCA
                               ? emu::compute::DestReuse::ToSrcA
                               : emu::compute::DestReuse::ToSrcB;
    emu::compute::binary_dest_reuse(emu_binary_op(eltwise_binary_type), reuse, in_cb_id, in_tile_index,
                                    dst_tile_index);
}

}  // namespace ckernel
