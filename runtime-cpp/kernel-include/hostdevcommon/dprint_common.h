// Debug-print types shared by host and kernels (tt-metal hostdevcommon/dprint_common.h): SliceRange, the
// numpy-style [h0:h1:hs, w0:w1:ws] window of a tile that DPRINT << TileSlice(...) prints.
#pragma once

#include <cstdint>

struct SliceRange {
    std::uint8_t h0, h1, hs, w0, w1, ws;
    // Common windows, named as in tt-metal.
    static constexpr SliceRange hw0_32_16() { return {0, 32, 16, 0, 32, 16}; }
    static constexpr SliceRange hw0_32_8() { return {0, 32, 8, 0, 32, 8}; }
    static constexpr SliceRange hw0_32_4() { return {0, 32, 4, 0, 32, 4}; }
    static constexpr SliceRange hw041() { return {0, 4, 1, 0, 4, 1}; }
    static constexpr SliceRange h0_w0_32() { return {0, 1, 1, 0, 32, 1}; }
    static constexpr SliceRange h0_32_w0() { return {0, 32, 1, 0, 1, 1}; }
    static constexpr SliceRange h1_w0_32() { return {1, 2, 1, 0, 32, 1}; }
};
