// Tile shape descriptor. The emulator supports 32x32 tiles; other shapes are recorded but rejected at launch.
#pragma once

#include <array>
#include <cstdint>

// As upstream, tile.hpp brings in the element types and tile constants (programs rely on it).
#include <tt-metalium/bfloat16.hpp>
#include <tt-metalium/constants.hpp>
#include <tt-metalium/tt_backend_api_types.hpp>

namespace tt::tt_metal {
class Tile {
public:
    Tile(std::array<std::uint32_t, 2> tile_shape = {32, 32}, bool transpose_tile = false)  // NOLINT
        : shape_(tile_shape), transpose_(transpose_tile) {}
    std::array<std::uint32_t, 2> get_tile_shape() const { return shape_; }
    std::uint32_t get_height() const { return shape_[0]; }
    std::uint32_t get_width() const { return shape_[1]; }
    std::uint32_t get_tile_hw() const { return shape_[0] * shape_[1]; }
    bool get_transpose_within_face() const { return transpose_; }
    bool operator==(const Tile&) const = default;

private:
    std::array<std::uint32_t, 2> shape_;
    bool transpose_;
};
}  // namespace tt::tt_metal
