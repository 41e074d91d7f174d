// Tile data formats of the emulated Tensix: the one place that converts between fp32 values and the
// bytes a circular buffer holds (Float16_b, Float32, Bfp8_b), and between row-major 32x32 tiles and the
// hardware's four-face layout. Used by the compute engine (unpack/pack), the host helpers and the tests.
// It must not know about circular buffers, threads or DST: it only maps numbers to bytes and back.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>

#include "emu/data_format.hpp"

#ifndef EMU_EXPORT
#define EMU_EXPORT __attribute__((visibility("default")))
#endif

namespace emu::formats {

inline constexpr uint32_t kTileSide = 32;
inline constexpr uint32_t kTileElements = 1024;
inline constexpr uint32_t kFaceSide = 16;
inline constexpr uint32_t kFaceElements = 256;
inline constexpr uint32_t kBfp8ExponentBytes = 64;  // one shared exponent per face row (16 values)
inline constexpr uint32_t kBfp8TileBytes = kBfp8ExponentBytes + kTileElements;  // 1088

// Offset of element (row, col) of a 32x32 tile stored as faces F0 F1 F2 F3, each face row-major.
constexpr uint32_t face_layout_offset(uint32_t row, uint32_t col) {
    return ((row / kFaceSide) * 2 + col / kFaceSide) * kFaceElements + (row % kFaceSide) * kFaceSide +
           (col % kFaceSide);
}

// fp32 -> bfloat16 bits, round to nearest, ties to even. NaN stays NaN (quiet), infinities stay.
// Inline: the engine rounds every element it writes to a 16-bit DST.
// Branch-free (NaN tested on the bits, both results computed), so tile loops over it vectorise.
inline uint16_t fp32_to_bf16_bits(float value) {
    const uint32_t bits = std::bit_cast<uint32_t>(value);
    const bool is_nan = (bits & 0x7FFFFFFFu) > 0x7F800000u;
    const uint32_t quiet_nan = (bits >> 16) | 0x0040u;  // keep sign and payload top, force quiet
    const uint32_t lsb_of_result = (bits >> 16) & 1u;
    const uint32_t rounding_bias = 0x7FFFu + lsb_of_result;  // ties go to the even result
    return static_cast<uint16_t>(is_nan ? quiet_nan : (bits + rounding_bias) >> 16);
}
inline float bf16_bits_to_fp32(uint16_t bits) { return std::bit_cast<float>(static_cast<uint32_t>(bits) << 16); }
// fp32 -> the nearest bfloat16 value, returned as fp32 (RNE).
inline float round_to_bf16(float value) { return bf16_bits_to_fp32(fp32_to_bf16_bits(value)); }

// Bytes one 32x32 tile takes in `format`; 0 for formats the emulator does not convert.
EMU_EXPORT uint32_t tile_size_bytes(tt::DataFormat format);
// True for the formats the compute engine can unpack and pack.
EMU_EXPORT bool is_supported_tile_format(tt::DataFormat format);

// One Bfp8_b block (16 values sharing an exponent): quantise / dequantise. The rule: E = max over the
// block of floor(log2|x|) (zeros ignored); each value = sign * m * 2^(E-6), m = RNE(|x| / 2^(E-6))
// clamped to 127; the stored exponent byte is E + 127. A block of zeros stores exponent 0 and zeros.
EMU_EXPORT void quantize_bfp8_block(const float* values16, uint8_t* exponent_byte, uint8_t* mantissas16);
EMU_EXPORT void dequantize_bfp8_block(uint8_t exponent_byte, const uint8_t* mantissas16, float* values16);

// Whole tiles. `row_major` is 1024 floats, element (i,j) at i*32+j; `tile_bytes` is the tile as it sits
// in L1 (four-face layout; for Bfp8_b: 64 exponent bytes then 1024 sign+magnitude bytes, face order).
EMU_EXPORT void decode_tile(const void* tile_bytes, tt::DataFormat format, float* row_major);
EMU_EXPORT void encode_tile(const float* row_major, tt::DataFormat format, void* tile_bytes);

}  // namespace emu::formats
