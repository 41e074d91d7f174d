// Packer calls (tt-metal compute_kernel_api/pack.h): DST tile -> CB slot in the CB's data format.
// Sequential by default (slot counter restarts at each cb_push_back); out_of_order uses the index.
#pragma once

#include "compute_kernel_api/common_globals.h"

namespace ckernel {

template <bool out_of_order_output = false>
ALWI void pack_tile(uint32_t ifrom_dst, uint32_t icb, std::uint32_t output_tile_index = 0) {
    emu::compute::pack_tile(ifrom_dst, icb, output_tile_index, out_of_order_output);
}

// Packs ntiles consecutive DST tiles starting at ifrom_dst, sequentially.
ALWI void matmul_pack_tile(uint32_t ifrom_dst, uint32_t icb, uint32_t ntiles) {
    for (uint32_t i = 0; i < ntiles; ++i) emu::compute::pack_tile(ifrom_dst + i, icb, 0, false);
}

// Sets the packer's output format to new_operand's (the two-argument form only reconfigures when the formats differ;
// the result is the same).
ALWI void pack_reconfig_data_format(const uint32_t new_operand) {
    emu::compute::configure_format(emu::compute::FormatSlot::Pack, new_operand, "pack_reconfig_data_format");
}
ALWI void pack_reconfig_data_format(const uint32_t old_operand, const uint32_t new_operand) {
    (void)old_operand;
    pack_reconfig_data_format(new_operand);
}

// l1_acc_en != 0: the packer adds DST to what the CB slot already holds instead of overwriting it.
ALWI void pack_reconfig_l1_acc(const uint32_t l1_acc_en) { emu::compute::set_pack_l1_accumulate(l1_acc_en != 0); }

}  // namespace ckernel
