// Unit test of the emulator's tile data formats and host layout helpers, with hand-computed expectations:
// bfloat16 round-to-nearest-even (ties, NaN/inf), the library conversion agreeing with the host
// bfloat16 class, Bfp8_b shared-exponent quantisation (rounding ties, clamping, byte layout of a 1088-byte
// tile), Float16_b/Float32 four-face byte layout, and tilize_nfaces/convert_layout positions + round trips.
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include <tt-metalium/bfloat16.hpp>
#include <tt-metalium/tilize_utils.hpp>

#include "tile_formats.hpp"

namespace {

int failures = 0;

void expect(bool condition, const std::string& what) {
    if (!condition) {
        ++failures;
        std::printf("[FAIL] %s\n", what.c_str());
    }
}

uint16_t bits(float value) { return emu::formats::fp32_to_bf16_bits(value); }

void test_bfloat16_rounding() {
    const float one = 1.0f;
    const float half_ulp = std::ldexp(1.0f, -8);  // bf16 ulp at 1.0 is 2^-7
    expect(bits(one + half_ulp) == 0x3F80, "tie 1 + 2^-8 rounds down to the even 0x3F80");
    expect(bits(1.0078125f + half_ulp) == 0x3F82, "tie (1 + 2^-7) + 2^-8 rounds up to the even 0x3F82");
    expect(bits(one + half_ulp + std::ldexp(1.0f, -20)) == 0x3F81, "just above the tie rounds up");
    expect(bits(-(one + half_ulp)) == 0xBF80, "negative tie rounds to even magnitude");
    expect(bits(std::numeric_limits<float>::infinity()) == 0x7F80, "inf stays inf");
    expect(std::isnan(emu::formats::bf16_bits_to_fp32(bits(std::nanf("")))), "NaN stays NaN");
    expect(bits(std::numeric_limits<float>::max()) == 0x7F80, "FLT_MAX rounds to inf under RNE");

    expect(float(bfloat16(one + half_ulp)) == 1.0f, "bfloat16 constructor rounds ties to even");
    expect(float(bfloat16(1.0078125f + half_ulp)) == 1.015625f, "bfloat16 constructor rounds tie up to even");
    expect(float(bfloat16::truncate(1.0078125f + half_ulp)) == 1.0078125f, "bfloat16::truncate drops low bits");
    expect(float(bfloat16(3) + bfloat16(0.5)) == 3.5f, "bfloat16 arithmetic");

    std::mt19937 generator(7);
    std::uniform_int_distribution<uint32_t> any_bits;
    int disagreements = 0;
    for (int i = 0; i < 100000; ++i) {
        float value;
        const uint32_t raw = any_bits(generator);
        std::memcpy(&value, &raw, 4);
        if (std::isnan(value)) continue;
        if (std::bit_cast<uint16_t>(bfloat16(value)) != bits(value)) ++disagreements;
    }
    expect(disagreements == 0, "library RNE agrees with the host bfloat16 class on random bit patterns");

    const auto packed = pack_bfloat16_vec_into_uint32_vec({bfloat16(1.0f), bfloat16(2.0f)});
    expect(packed.size() == 1 && packed[0] == 0x40003F80u, "first bfloat16 goes to the low half of the word");
    const auto unpacked = unpack_uint32_vec_into_bfloat16_vec(packed);
    expect(unpacked.size() == 2 && float(unpacked[0]) == 1.0f && float(unpacked[1]) == 2.0f, "unpack reverses pack");
}

void test_bfp8_block() {
    float values[16] = {1.0f, 0.5f, 3.0f, -2.0f, 1.0f / 64, 3.0f / 64, 3.999f, 0.0f,
                        0.0f, 0.0f, 0.0f, 0.0f,      0.0f,      0.0f,  0.0f,  -0.0f};
    uint8_t exponent = 0, mantissas[16];
    emu::formats::quantize_bfp8_block(values, &exponent, mantissas);
    expect(exponent == 128, "shared exponent = max floor(log2|x|) (3.999 -> 1) + 127");
    expect(mantissas[0] == 32 && mantissas[1] == 16 && mantissas[2] == 96, "mantissas are |x| / 2^(E-6)");
    expect(mantissas[3] == (0x80 | 64), "sign bit + magnitude");
    expect(mantissas[4] == 0, "half a step (0.5) rounds to even 0");
    expect(mantissas[5] == 2, "1.5 steps rounds to even 2");
    expect(mantissas[6] == 127, "3.999 -> 127.97 -> 128 clamps to 127");
    expect(mantissas[7] == 0 && mantissas[15] == 0, "zeros (and -0) stay zero without a sign");

    float decoded[16];
    emu::formats::dequantize_bfp8_block(exponent, mantissas, decoded);
    expect(decoded[0] == 1.0f && decoded[2] == 3.0f && decoded[3] == -2.0f, "dequantise exact values");
    expect(decoded[5] == 0.0625f && decoded[6] == 3.96875f, "dequantise rounded/clamped values");

    float zeros[16] = {};
    emu::formats::quantize_bfp8_block(zeros, &exponent, mantissas);
    expect(exponent == 0 && mantissas[0] == 0, "an all-zero block stores exponent 0");
}

void test_tile_layouts() {
    using emu::formats::face_layout_offset;
    expect(face_layout_offset(0, 16) == 256 && face_layout_offset(16, 0) == 512 && face_layout_offset(17, 3) == 531,
           "face layout offsets F1 at 256, F2 at 512");
    expect(emu::formats::tile_size_bytes(tt::DataFormat::Bfp8_b) == 1088, "Bfp8_b tile is 1088 bytes");

    std::vector<float> tile(1024, 1.0f);
    for (int j = 16; j < 32; ++j) tile[j] = 8.0f;  // row 0 of face 1
    std::vector<uint8_t> bfp8(1088);
    emu::formats::encode_tile(tile.data(), tt::DataFormat::Bfp8_b, bfp8.data());
    expect(bfp8[0] == 127 && bfp8[16] == 130 && bfp8[17] == 127, "exponent byte per face row, in face order");
    expect(bfp8[64 + 256] == 64 && bfp8[64] == 64, "mantissa of (0,16) at 64 + 256, of (0,0) at 64");
    std::vector<float> back(1024);
    emu::formats::decode_tile(bfp8.data(), tt::DataFormat::Bfp8_b, back.data());
    expect(back == tile, "Bfp8_b tile round trip of exactly representable values");

    std::vector<float> ramp(1024);
    for (int e = 0; e < 1024; ++e) ramp[e] = float(e);
    std::vector<uint8_t> bf16_tile(2048), fp32_tile(4096);
    emu::formats::encode_tile(ramp.data(), tt::DataFormat::Float16_b, bf16_tile.data());
    emu::formats::encode_tile(ramp.data(), tt::DataFormat::Float32, fp32_tile.data());
    uint16_t stored_bf16;
    std::memcpy(&stored_bf16, bf16_tile.data() + 2 * 531, 2);
    float stored_fp32;
    std::memcpy(&stored_fp32, fp32_tile.data() + 4 * 531, 4);
    expect(emu::formats::bf16_bits_to_fp32(stored_bf16) == float(bfloat16(17.0f * 32 + 3)), "Float16_b element (17,3) at 531");
    expect(stored_fp32 == float(17 * 32 + 3), "Float32 element (17,3) at 531");
}

void test_tilize() {
    const uint32_t m = 64, n = 96;
    std::vector<uint16_t> matrix(m * n);
    for (uint32_t e = 0; e < m * n; ++e) matrix[e] = uint16_t(e);
    const auto tiled = tilize_nfaces(matrix, m, n);
    auto at = [&](uint32_t i, uint32_t j) { return matrix[i * n + j]; };
    expect(tiled[0] == at(0, 0) && tiled[256] == at(0, 16) && tiled[512] == at(16, 0) && tiled[531] == at(17, 3),
           "tilize_nfaces places faces F0 F1 F2 F3");
    expect(tiled[1024 + 5 * 16 + 8] == at(5, 40), "second tile of the first tile row starts at 1024");
    expect(tiled[3 * 1024] == at(32, 0), "tile (1,0) is tile 3 when there are 3 tile columns");
    expect(untilize_nfaces(tiled, m, n) == matrix, "untilize_nfaces reverses tilize_nfaces");

    std::vector<float> values(m * n);
    for (uint32_t e = 0; e < m * n; ++e) values[e] = float(e) * 0.5f;
    const auto swizzled = convert_layout<float>(tt::stl::Span<const float>(values), PhysicalSize{m, n},
                                                TensorLayoutType::LIN_ROW_MAJOR, TensorLayoutType::TILED_SWIZZLED);
    expect(swizzled[33] == values[1 * n + 1], "TILED_SWIZZLED keeps each tile row-major");
    const auto faces = convert_layout<float>(tt::stl::Span<const float>(swizzled), PhysicalSize{m, n},
                                             TensorLayoutType::TILED_SWIZZLED, TensorLayoutType::TILED_NFACES);
    expect(faces == tilize_nfaces(values, m, n), "swizzled -> nfaces equals row-major -> nfaces");

    std::vector<bfloat16> b(m * n);
    for (uint32_t e = 0; e < m * n; ++e) b[e] = bfloat16(float(e % 251));
    expect(untilize_nfaces(tilize_nfaces(b, m, n), m, n) == b, "bfloat16 tilize round trip");
}

}  // namespace

int main() {
    test_bfloat16_rounding();
    test_bfp8_block();
    test_tile_layouts();
    test_tilize();
    std::printf("%s: %d failure(s)\n", failures == 0 ? "PASS" : "FAIL", failures);
    return failures == 0 ? 0 : 1;
}
