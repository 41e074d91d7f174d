// DPRINT << TileSlice(...) (see emu/dprint_tile_runtime.hpp): reads one tile of a CB through the kernel
// runtime (bounds-checked L1 pointer), decodes it with the tile formats and renders the requested window.
// Only formatting: it must not change CB state.
#include <cstring>
#include <sstream>

#include "emu/dprint_tile_runtime.hpp"
#include "emu/kernel_runtime.hpp"
#include "tile_formats.hpp"

namespace emu::compute {

std::string tile_slice_text(std::uint32_t cb, int tile_index, bool read_ptr, std::uint8_t h0, std::uint8_t h1,
                            std::uint8_t hs, std::uint8_t w0, std::uint8_t w1, std::uint8_t ws, bool endl_rows,
                            bool untilize, std::uint32_t max_bytes) {
    const tt::DataFormat format = emu::kernel::cb_data_format(cb);
    const std::uint32_t page_size = emu::kernel::cb_page_size(cb);
    const std::uint32_t base = read_ptr ? emu::kernel::cb_read_addr(cb) : emu::kernel::cb_write_addr(cb);
    std::uint32_t datum_bytes = 0;
    bool decodes = formats::is_supported_tile_format(format);
    switch (format) {
        case tt::DataFormat::Float32:
        case tt::DataFormat::UInt32:
        case tt::DataFormat::Int32: datum_bytes = 4; break;
        case tt::DataFormat::Float16_b:
        case tt::DataFormat::UInt16: datum_bytes = 2; break;
        case tt::DataFormat::Bfp8_b: datum_bytes = 2; break;  // exponent + mantissa, as the device sends it
        case tt::DataFormat::UInt8: datum_bytes = 1; break;
        default: return "<TileSlice: unsupported data format>";
    }
    if (hs == 0 || ws == 0) return "<TileSlice: zero stride>";
    const std::uint32_t tile_bytes = decodes ? formats::tile_size_bytes(format) : formats::kTileElements * datum_bytes;
    const std::uint32_t address = base + static_cast<std::uint32_t>(tile_index) * page_size;
    const auto* bytes = static_cast<const std::uint8_t*>(emu::kernel::l1_pointer(address, tile_bytes));
    float values[formats::kTileElements];
    if (decodes) formats::decode_tile(bytes, format, values);

    std::ostringstream out;
    const std::uint32_t max_count = max_bytes / datum_bytes;
    std::uint32_t count = 0;
    for (std::uint32_t h = h0; h < h1 && h < formats::kTileSide && count < max_count; h += hs) {
        for (std::uint32_t w = w0; w < w1 && w < formats::kTileSide; w += ws) {
            if (count == max_count) break;
            // (h, w) of the logical tile, or h * 32 + w of the stored (face-ordered) elements.
            const std::uint32_t stored = untilize ? formats::face_layout_offset(h, w) : h * formats::kTileSide + w;
            if (decodes) {
                const std::uint32_t face = stored / formats::kFaceElements, in_face = stored % formats::kFaceElements;
                const std::uint32_t row = (face / 2) * formats::kFaceSide + in_face / formats::kFaceSide;
                const std::uint32_t col = (face % 2) * formats::kFaceSide + in_face % formats::kFaceSide;
                out << values[row * formats::kTileSide + col];
            } else if (datum_bytes == 4) {
                std::uint32_t word;
                std::memcpy(&word, bytes + stored * 4, 4);
                if (format == tt::DataFormat::Int32) out << static_cast<std::int32_t>(word); else out << word;
            } else if (datum_bytes == 2) {
                std::uint16_t half;
                std::memcpy(&half, bytes + stored * 2, 2);
                out << half;
            } else {
                out << static_cast<unsigned>(bytes[stored]);
            }
            ++count;
            if (w + ws < w1 && w + ws < formats::kTileSide && count < max_count) out << ' ';
        }
        if (endl_rows) out << '\n'; else out << ' ';
    }
    std::string text = out.str();
    if (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    return text;
}

}  // namespace emu::compute
