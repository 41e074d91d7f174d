// Library function behind DPRINT << TileSlice(...) (defined in src/compute/dprint_tile.cpp): formats a
// window of one tile of a CB of the calling kernel's core, as tt-metal's debug-print server prints it.
// Declaration only, shared by the kernel header and the library.
#pragma once

#include <cstdint>
#include <string>

namespace emu::compute {

// `read_ptr` picks the CB's read (front) or write (back) pointer; `max_bytes` truncates like TileSlice's
// MAX_BYTES; `untilize` indexes (h, w) as a row-major tile, otherwise in the stored face order.
std::string tile_slice_text(std::uint32_t cb, int tile_index, bool read_ptr, std::uint8_t h0, std::uint8_t h1,
                            std::uint8_t hs, std::uint8_t w0, std::uint8_t w1, std::uint8_t ws, bool endl_rows,
                            bool untilize, std::uint32_t max_bytes);

}  // namespace emu::compute
