// tt_xy_pair: the (x, y) coordinate type tt-metal's CoreCoord aliases (from UMD). Value type only.
#pragma once

#include <cstddef>
#include <functional>
#include <ostream>
#include <string>

#include <fmt/format.h>

struct tt_xy_pair {
    constexpr tt_xy_pair() : x{}, y{} {}
    constexpr tt_xy_pair(std::size_t x_, std::size_t y_) : x(x_), y(y_) {}

    std::size_t x;
    std::size_t y;

    std::string str() const { return "(x=" + std::to_string(x) + ",y=" + std::to_string(y) + ")"; }
};

constexpr bool operator==(const tt_xy_pair& a, const tt_xy_pair& b) { return a.x == b.x && a.y == b.y; }
constexpr bool operator!=(const tt_xy_pair& a, const tt_xy_pair& b) { return !(a == b); }
constexpr bool operator<(const tt_xy_pair& a, const tt_xy_pair& b) { return a.x < b.x || (a.x == b.x && a.y < b.y); }
inline std::ostream& operator<<(std::ostream& os, const tt_xy_pair& p) { return os << p.str(); }

namespace tt {
using xy_pair = tt_xy_pair;
}

template <>
struct std::hash<tt_xy_pair> {
    std::size_t operator()(const tt_xy_pair& p) const noexcept { return (p.x * 1000003u) ^ p.y; }
};

template <>
struct fmt::formatter<tt_xy_pair> : fmt::formatter<std::string> {
    auto format(const tt_xy_pair& p, fmt::format_context& ctx) const {
        return fmt::formatter<std::string>::format(p.str(), ctx);
    }
};
