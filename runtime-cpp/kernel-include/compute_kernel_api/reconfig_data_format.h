// Unpacker source-format reconfiguration (tt-metal compute_kernel_api/reconfig_data_format.h): sets the format
// srcA and/or srcB unpack in to the new operand CB's (the emulator faults on an unpack in another format).
#pragma once

#include "compute_kernel_api/common.h"

namespace ckernel {

// The two-operand old/new forms reconfigure only when the formats differ on hardware; the result is the same.
template <bool to_from_int8 = false, bool is_tile_dim_reconfig_en = false>
ALWI void reconfig_data_format_srca(const uint32_t srca_new_operand) {
    emu::compute::configure_format(emu::compute::FormatSlot::SrcA, srca_new_operand, "reconfig_data_format_srca");
}
template <bool to_from_int8 = false, bool is_tile_dim_reconfig_en = false>
ALWI void reconfig_data_format_srca(const uint32_t srca_old_operand, const uint32_t srca_new_operand) {
    (void)srca_old_operand;
    reconfig_data_format_srca(srca_new_operand);
}
template <bool to_from_int8 = false, bool is_tile_dim_reconfig_en = false>
ALWI void reconfig_data_format_srcb(const uint32_t srcb_new_operand) {
    emu::compute::configure_format(emu::compute::FormatSlot::SrcB, srcb_new_operand, "reconfig_data_format_srcb");
}
template <bool to_from_int8 = false, bool is_tile_dim_reconfig_en = false>
ALWI void reconfig_data_format_srcb(const uint32_t srcb_old_operand, const uint32_t srcb_new_operand) {
    (void)srcb_old_operand;
    reconfig_data_format_srcb(srcb_new_operand);
}
template <bool to_from_int8 = false, bool is_tile_dim_reconfig_en = false>
ALWI void reconfig_data_format(const uint32_t srca_new_operand, const uint32_t srcb_new_operand) {
    emu::compute::configure_format(emu::compute::FormatSlot::SrcA, srca_new_operand, "reconfig_data_format");
    emu::compute::configure_format(emu::compute::FormatSlot::SrcB, srcb_new_operand, "reconfig_data_format");
}
template <bool to_from_int8 = false, bool is_tile_dim_reconfig_en = false>
ALWI void reconfig_data_format(const uint32_t srca_old_operand, const uint32_t srca_new_operand,
                               const uint32_t srcb_old_operand, const uint32_t srcb_new_operand) {
    (void)srca_old_operand;
    (void)srcb_old_operand;
    reconfig_data_format(srca_new_operand, srcb_new_operand);
}

}  // namespace ckernel
