// Number <-> byte conversions for the tile formats the emulator supports (see tile_formats.hpp).
// Pure functions: no state, no knowledge of circular buffers or DST.
#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>

#include "tile_formats.hpp"

namespace emu::formats {

uint32_t tile_size_bytes(tt::DataFormat format) {
    switch (format) {
        case tt::DataFormat::Float16_b:
        case tt::DataFormat::Float16:
        case tt::DataFormat::UInt16: return 2 * kTileElements;
        case tt::DataFormat::Float32:
        case tt::DataFormat::Int32:
        case tt::DataFormat::UInt32: return 4 * kTileElements;
        case tt::DataFormat::Bfp8_b:
        case tt::DataFormat::Bfp8: return kBfp8TileBytes;
        default: return 0;
    }
}

bool is_supported_tile_format(tt::DataFormat format) {
    return format == tt::DataFormat::Float16_b || format == tt::DataFormat::Float32 ||
           format == tt::DataFormat::Bfp8_b;
}

// Unbiased exponent floor(log2|x|) of a finite non-zero value, clamped to what a shared exponent byte holds.
static int shared_exponent_of(float magnitude) {
    const int exponent = std::ilogb(magnitude);
    return std::clamp(exponent, -127, 128);
}

void quantize_bfp8_block(const float* values16, uint8_t* exponent_byte, uint8_t* mantissas16) {
    bool any_non_zero = false;
    int block_exponent = -127;
    for (uint32_t i = 0; i < 16; ++i) {
        const float magnitude = std::fabs(values16[i]);
        if (magnitude == 0.0f || !std::isfinite(magnitude)) continue;
        const int exponent = shared_exponent_of(magnitude);
        block_exponent = any_non_zero ? std::max(block_exponent, exponent) : exponent;
        any_non_zero = true;
    }
    if (!any_non_zero) {
        *exponent_byte = 0;
        std::memset(mantissas16, 0, 16);
        return;
    }
    *exponent_byte = static_cast<uint8_t>(block_exponent + 127);
    for (uint32_t i = 0; i < 16; ++i) {
        const float value = values16[i];
        const double scaled = std::ldexp(std::fabs(static_cast<double>(value)), 6 - block_exponent);
        const double rounded = std::isfinite(scaled) ? std::nearbyint(scaled) : 127.0;  // ties to even
        const uint8_t magnitude = static_cast<uint8_t>(std::min(rounded, 127.0));
        const uint8_t sign = (std::signbit(value) && magnitude != 0) ? 0x80 : 0x00;
        mantissas16[i] = static_cast<uint8_t>(sign | magnitude);
    }
}

void dequantize_bfp8_block(uint8_t exponent_byte, const uint8_t* mantissas16, float* values16) {
    const int scale_exponent = static_cast<int>(exponent_byte) - 127 - 6;
    for (uint32_t i = 0; i < 16; ++i) {
        const float magnitude = std::ldexp(static_cast<float>(mantissas16[i] & 0x7F), scale_exponent);
        values16[i] = (mantissas16[i] & 0x80) ? -magnitude : magnitude;
    }
}

// Tiles are handled in face order: block b (0..63) is face b/16, face row b%16, 16 values that sit next to
// each other both in L1 and in the row-major tile.
static void face_row_to_row_major(uint32_t block, uint32_t& row, uint32_t& col) {
    const uint32_t face = block / kFaceSide;
    row = (face / 2) * kFaceSide + block % kFaceSide;
    col = (face % 2) * kFaceSide;
}
static uint32_t face_row_start(uint32_t block) {
    uint32_t row, col;
    face_row_to_row_major(block, row, col);
    return row * kTileSide + col;
}

void decode_tile(const void* tile_bytes, tt::DataFormat format, float* row_major) {
    const auto* bytes = static_cast<const uint8_t*>(tile_bytes);
    switch (format) {
        case tt::DataFormat::Float16_b: {
            for (uint32_t block = 0; block < kTileSide * 2; ++block) {
                uint16_t halves[kFaceSide];
                float values[kFaceSide];
                std::memcpy(halves, bytes + 2 * block * kFaceSide, sizeof halves);
                for (uint32_t k = 0; k < kFaceSide; ++k) values[k] = bf16_bits_to_fp32(halves[k]);
                std::memcpy(row_major + face_row_start(block), values, sizeof values);
            }
            return;
        }
        case tt::DataFormat::Float32: {
            for (uint32_t block = 0; block < kTileSide * 2; ++block) {
                std::memcpy(row_major + face_row_start(block), bytes + 4 * block * kFaceSide, 4 * kFaceSide);
            }
            return;
        }
        case tt::DataFormat::Bfp8_b: {
            for (uint32_t block = 0; block < kTileSide * 2; ++block) {
                uint32_t row, col;
                face_row_to_row_major(block, row, col);
                dequantize_bfp8_block(bytes[block], bytes + kBfp8ExponentBytes + block * kFaceSide,
                                      &row_major[row * kTileSide + col]);
            }
            return;
        }
        default: std::fill(row_major, row_major + kTileElements, 0.0f); return;
    }
}

void encode_tile(const float* row_major, tt::DataFormat format, void* tile_bytes) {
    auto* bytes = static_cast<uint8_t*>(tile_bytes);
    switch (format) {
        case tt::DataFormat::Float16_b: {
            for (uint32_t block = 0; block < kTileSide * 2; ++block) {
                float values[kFaceSide];
                uint16_t halves[kFaceSide];
                std::memcpy(values, row_major + face_row_start(block), sizeof values);
                for (uint32_t k = 0; k < kFaceSide; ++k) halves[k] = fp32_to_bf16_bits(values[k]);
                std::memcpy(bytes + 2 * block * kFaceSide, halves, sizeof halves);
            }
            return;
        }
        case tt::DataFormat::Float32: {
            for (uint32_t block = 0; block < kTileSide * 2; ++block) {
                std::memcpy(bytes + 4 * block * kFaceSide, row_major + face_row_start(block), 4 * kFaceSide);
            }
            return;
        }
        case tt::DataFormat::Bfp8_b: {
            for (uint32_t block = 0; block < kTileSide * 2; ++block) {
                uint32_t row, col;
                face_row_to_row_major(block, row, col);
                quantize_bfp8_block(&row_major[row * kTileSide + col], &bytes[block],
                                    bytes + kBfp8ExponentBytes + block * kFaceSide);
            }
            return;
        }
        default: return;
    }
}

}  // namespace emu::formats
