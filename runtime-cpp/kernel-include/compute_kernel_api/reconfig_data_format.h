// Unpacker source-format reconfiguration (tt-metal compute_kernel_api/reconfig_data_format.h). The
// emulator reads each CB in its own format, so these are accepted and do nothing.
#pragma once

#include "compute_kernel_api/common.h"

namespace ckernel {

template <bool to_from_int8 = false, bool is_tile_dim_reconfig_en = false>
ALWI void reconfig_data_format(const uint32_t srca_new_operand, const uint32_t srcb_new_operand) {
    (void)srca_new_operand;
    (void)srcb_new_operand;
}
template <bool to_from_int8 = false, bool is_tile_dim_reconfig_en = false>
ALWI void reconfig_data_format(const uint32_t srca_old_operand, const uint32_t srca_new_operand,
                               const uint32_t srcb_old_operand, const uint32_t srcb_new_operand) {
    (void)srca_old_operand;
    (void)srca_new_operand;
    (void)srcb_old_operand;
    (void)srcb_new_operand;
}
template <bool to_from_int8 = false, bool is_tile_dim_reconfig_en = false>
ALWI void reconfig_data_format_srca(const uint32_t srca_new_operand) { (void)srca_new_operand; }
template <bool to_from_int8 = false, bool is_tile_dim_reconfig_en = false>
ALWI void reconfig_data_format_srca(const uint32_t srca_old_operand, const uint32_t srca_new_operand) {
    (void)srca_old_operand;
    (void)srca_new_operand;
}
template <bool to_from_int8 = false, bool is_tile_dim_reconfig_en = false>
ALWI void reconfig_data_format_srcb(const uint32_t srcb_new_operand) { (void)srcb_new_operand; }
template <bool to_from_int8 = false, bool is_tile_dim_reconfig_en = false>
ALWI void reconfig_data_format_srcb(const uint32_t srcb_old_operand, const uint32_t srcb_new_operand) {
    (void)srcb_old_operand;
    (void)srcb_new_operand;
}

}  // namespace ckernel
