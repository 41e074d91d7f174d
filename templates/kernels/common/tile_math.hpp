// Scalar helpers shared by molegen's dataflow kernels: where an element sits inside a 32x32 tile,
// fp32 <-> bf16 conversion with round-to-nearest-even, and an fp32 sqrt that needs no libm.
// Everything here is plain integer/float code that runs on a data-movement RISC-V core.
#pragma once

#include <cstdint>

namespace molegen {

constexpr uint32_t kTileDim = 32;
constexpr uint32_t kFaceDim = 16;

// Offset (in elements) of element (row, col) of a tile stored as four 16x16 faces, each row-major.
inline uint32_t tile_element_offset(uint32_t row, uint32_t col) {
    const uint32_t face = (row / kFaceDim) * 2 + (col / kFaceDim);
    return face * kFaceDim * kFaceDim + (row % kFaceDim) * kFaceDim + (col % kFaceDim);
}

inline uint32_t float_bits(float value) {
    union {
        float f;
        uint32_t u;
    } pun{value};
    return pun.u;
}

inline float bits_float(uint32_t bits) {
    union {
        uint32_t u;
        float f;
    } pun{bits};
    return pun.f;
}

// fp32 -> bf16 bits, round to nearest, ties to even (NaN stays a quiet NaN).
inline uint16_t float_to_bf16(float value) {
    const uint32_t bits = float_bits(value);
    if ((bits & 0x7f800000u) == 0x7f800000u && (bits & 0x007fffffu) != 0) {
        return static_cast<uint16_t>((bits >> 16) | 0x0040u);
    }
    const uint32_t rounding = 0x7fffu + ((bits >> 16) & 1u);
    return static_cast<uint16_t>((bits + rounding) >> 16);
}

inline float bf16_to_float(uint16_t bits) { return bits_float(static_cast<uint32_t>(bits) << 16); }

// sqrt(x) for x >= 0, correctly rounded to fp32 in practice: an exponent-halving first guess refined by
// Newton steps in double precision (no libm, so it runs on a data-movement core).
inline float sqrt_nonnegative(float x) {
    if (x <= 0.0f) {
        return 0.0f;
    }
    double guess = static_cast<double>(bits_float((float_bits(x) >> 1) + 0x1fc00000u));
    const double value = static_cast<double>(x);
    for (int i = 0; i < 5; ++i) {
        guess = 0.5 * (guess + value / guess);
    }
    return static_cast<float>(guess);
}

}  // namespace molegen
