// Sums its compile-time args through kernel_compile_time_args and reports them with DPRINT_DATA0 and
// DPRINT_DATA1 (only the line for this kernel's NoC may appear). The kernel on NoC 0 also fills one bf16
// tile of c_0 with element (h, w) = h - w, in the tile's face layout, and pushes it.
#include <cstdint>
#include <cstring>

#include "api/dataflow/dataflow_api.h"
#include "api/debug/dprint.h"

void kernel_main() {
    uint32_t sum = 0;
    for (uint32_t value : kernel_compile_time_args) sum += value;
    constexpr uint32_t count = kernel_compile_time_args.size();
    DPRINT_DATA0(DPRINT << "data0: " << count << " args summing to " << sum << ENDL());
    DPRINT_DATA1(DPRINT << "data1: " << count << " args summing to " << sum << ENDL());
    if (noc_index != 0) return;
    DPRINT << "a line ended by a newline character, sum " << sum << "\n";

    cb_reserve_back(tt::CBIndex::c_0, 1);
    auto* tile = reinterpret_cast<uint16_t*>(get_write_ptr(tt::CBIndex::c_0));
    for (uint32_t h = 0; h < 32; ++h) {
        for (uint32_t w = 0; w < 32; ++w) {
            const float value = static_cast<float>(static_cast<int>(h) - static_cast<int>(w));
            uint32_t bits;
            std::memcpy(&bits, &value, sizeof bits);
            tile[((h / 16) * 2 + w / 16) * 256 + (h % 16) * 16 + w % 16] = static_cast<uint16_t>(bits >> 16);
        }
    }
    cb_push_back(tt::CBIndex::c_0, 1);
}
