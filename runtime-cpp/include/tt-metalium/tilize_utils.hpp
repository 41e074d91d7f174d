// Host-side tile layout conversions (tt-metalium/tilize_utils.hpp): row-major <-> tiles of 32x32 made of
// four 16x16 faces (TILED_NFACES, what the device computes on) or row-major tiles (TILED_SWIZZLED).
// Interface as upstream; implementation in src/compute/host_formats.cpp. Host-only, no device state.
#pragma once

#include <array>
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <vector>

#if __has_include(<tt_stl/span.hpp>)
#include <tt_stl/span.hpp>
#else
#include <span>
namespace tt::stl {
template <typename T, std::size_t Extent = std::dynamic_extent>
using Span = std::span<T, Extent>;
}
#endif

#pragma GCC visibility push(default)

// A global enum at the pinned snapshot (older releases had it in tests::utils; both spellings work).
enum class TensorLayoutType {
    LIN_ROW_MAJOR = 0,   // element-wise row-major
    TILED_SWIZZLED = 1,  // row-major of tiles, each tile row-major
    TILED_NFACES = 2,    // row-major of tiles, each tile four 16x16 row-major faces F0 F1 F2 F3
};
std::ostream& operator<<(std::ostream& os, TensorLayoutType layout);

namespace tests::utils {
using ::TensorLayoutType;
}

using PhysicalSize = std::array<uint32_t, 2>;

std::uint32_t round_up_to_mul16(std::uint32_t val);
std::uint32_t round_up_to_mul32(std::uint32_t val);
std::uint32_t round_up_to_tile(int val, int tile_val);

// Converts a [shape[0] x shape[1]] matrix between layouts. tile_shape defaults to 32x32 and face_shape
// to 16x16; transpose_within_face / transpose_of_faces apply to the tiled side.
template <typename T>
std::vector<T> convert_layout(
    tt::stl::Span<const T> data,
    const PhysicalSize& shape,
    TensorLayoutType inL,
    TensorLayoutType outL,
    std::optional<PhysicalSize> tile_shape = std::nullopt,
    std::optional<PhysicalSize> face_shape = std::nullopt,
    bool transpose_within_face = false,
    bool transpose_of_faces = false);

// shape's last two entries are rows and columns; leading entries are batch dimensions.
template <typename T>
std::vector<T> convert_layout(
    tt::stl::Span<const T> data,
    tt::stl::Span<const uint32_t> shape,
    TensorLayoutType inL,
    TensorLayoutType outL,
    std::optional<PhysicalSize> tile_shape = std::nullopt,
    std::optional<PhysicalSize> face_shape = std::nullopt,
    bool transpose_within_face = false,
    bool transpose_of_faces = false);

// Row-major m x n -> tiles in the four-face layout (m, n multiples of 32), and back.
template <typename T>
std::vector<T> tilize_nfaces(const std::vector<T>& input, uint32_t m, uint32_t n);
template <typename T>
std::vector<T> untilize_nfaces(const std::vector<T>& input, uint32_t m, uint32_t n);

// Row-major m x n -> row-major tiles (TILED_SWIZZLED), and back.
template <typename T>
std::vector<T> tilize_swizzled(const std::vector<T>& input, uint32_t m, uint32_t n);
template <typename T>
std::vector<T> untilize_swizzled(const std::vector<T>& input, uint32_t m, uint32_t n);

#pragma GCC visibility pop
