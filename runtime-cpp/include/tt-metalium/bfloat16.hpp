// Host-side bfloat16 (tt-metalium/bfloat16.hpp): a 16-bit brain float stored as its raw bits, built
// from any arithmetic value with round-to-nearest-even, plus the packing/random-vector helpers that
// tt-metal programs use to prepare device data. Interface as upstream; implementation in
// src/compute/host_formats.cpp. Must not depend on anything device-side.
#pragma once

#include <bit>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <iostream>
#include <type_traits>
#include <utility>
#include <vector>

#pragma GCC visibility push(default)

class bfloat16 {
private:
    uint16_t uint16_data;

public:
    constexpr bfloat16() = default;

    // From any arithmetic type: converts to float, then rounds to nearest, ties to even.
    template <class T>
        requires std::is_arithmetic_v<T>
    constexpr bfloat16(T v) noexcept : uint16_data(from_float(static_cast<float>(v))) {}

    // From float, dropping the low 16 bits (round toward zero).
    static bfloat16 truncate(float float_num);

    constexpr operator float() const { return std::bit_cast<float>(static_cast<uint32_t>(uint16_data) << 16); }

    constexpr bool operator==(bfloat16 rhs) const { return static_cast<float>(*this) == static_cast<float>(rhs); }
    constexpr std::partial_ordering operator<=>(bfloat16 rhs) const noexcept {
        return static_cast<float>(*this) <=> static_cast<float>(rhs);
    }

    // Arithmetic is done in float and rounded back (RNE).
    bfloat16& operator+=(bfloat16 rhs) noexcept { return *this = bfloat16(float(*this) + float(rhs)); }
    bfloat16& operator-=(bfloat16 rhs) noexcept { return *this = bfloat16(float(*this) - float(rhs)); }
    bfloat16& operator*=(bfloat16 rhs) noexcept { return *this = bfloat16(float(*this) * float(rhs)); }
    bfloat16& operator/=(bfloat16 rhs) noexcept { return *this = bfloat16(float(*this) / float(rhs)); }

    bfloat16 operator+(bfloat16 rhs) const { return bfloat16(float(*this) + float(rhs)); }
    bfloat16 operator-(bfloat16 rhs) const { return bfloat16(float(*this) - float(rhs)); }
    bfloat16 operator*(bfloat16 rhs) const { return bfloat16(float(*this) * float(rhs)); }
    bfloat16 operator/(bfloat16 rhs) const { return bfloat16(float(*this) / float(rhs)); }

private:
    static constexpr uint16_t from_float(float value) {
        const uint32_t bits = std::bit_cast<uint32_t>(value);
        if ((bits & 0x7F800000u) == 0x7F800000u && (bits & 0x007FFFFFu) != 0) {
            return 0x7FC0;  // NaN -> canonical quiet NaN
        }
        const uint32_t lsb_of_result = (bits >> 16) & 1u;
        return static_cast<uint16_t>((bits + 0x7FFFu + lsb_of_result) >> 16);
    }
};

static_assert(sizeof(bfloat16) == 2, "bfloat16 must be exactly 16 bits: device buffers are read through it");

// FP32 -> BF16 bits with round-to-nearest-even; NaN maps to the canonical quiet NaN (0x7FC0).
uint16_t fp32_to_bf16_bits_round_to_nearest_even(float val);

std::ostream& operator<<(std::ostream& os, const bfloat16& bfp16);

bool operator==(const std::vector<bfloat16>& lhs, const std::vector<bfloat16>& rhs);

// First element in the low 16 bits (device memory is little-endian).
uint32_t pack_two_bfloat16_into_uint32(std::pair<bfloat16, bfloat16> two_bfloats);

// num_bytes / 2 values uniform in [offset, offset + rand_max_float), seeded.
std::vector<bfloat16> create_random_vector_of_bfloat16_native(size_t num_bytes, float rand_max_float, int seed,
                                                              float offset = 0.0f);
// The same values packed two per uint32_t (num_bytes / 4 words).
std::vector<std::uint32_t> create_random_vector_of_bfloat16(size_t num_bytes, float rand_max_float, int seed,
                                                            float offset = 0.0f);
std::vector<std::uint32_t> create_constant_vector_of_bfloat16(size_t num_bytes, float value);

// rows x cols bfloat16 matrix with ones on the first num_ones diagonal entries.
std::vector<bfloat16> create_identity_matrix(int rows, int cols, int num_ones);

std::vector<uint32_t> pack_bfloat16_vec_into_uint32_vec(const std::vector<bfloat16>& data);

bfloat16 bfloat16_identity_transform(const bfloat16& input);

std::vector<bfloat16> unpack_uint32_vec_into_bfloat16_vec(
    const std::vector<std::uint32_t>& data,
    const std::function<bfloat16(const bfloat16&)>& transform = bfloat16_identity_transform);

bool equal_within_n_sig_figs(float a, float b, int n);

// numpy.isclose: |a - b| <= atol + rtol * |b|.
bool is_close(float a, float b, float rtol = 0.01f, float atol = 0.001f);

#pragma GCC visibility pop
