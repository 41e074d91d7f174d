// MeshShape / MeshCoordinate / MeshCoordinateRange (tt::tt_metal::distributed): N-dimensional value types
// naming the chips of a mesh. A range is inclusive at both ends and iterates in row-major order (the last
// dimension fastest), as tt-metal's does. Pure values: nothing here opens or touches a device.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <iterator>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace tt::tt_metal::distributed {

class MeshShape {
public:
    explicit MeshShape(std::uint32_t x) : dims_{x} {}
    MeshShape(std::uint32_t num_rows, std::uint32_t num_cols) : dims_{num_rows, num_cols} {}
    MeshShape(std::uint32_t x, std::uint32_t y, std::uint32_t z) : dims_{x, y, z} {}
    MeshShape(std::initializer_list<std::uint32_t> dims) : dims_(dims) {}
    explicit MeshShape(std::vector<std::uint32_t> dims) : dims_(std::move(dims)) {}
    std::size_t dims() const { return dims_.size(); }
    std::uint32_t operator[](std::size_t i) const { return dims_[i]; }
    // Elements between neighbours along `dim` in row-major order.
    std::size_t get_stride(std::size_t dim) const {
        std::size_t stride = 1;
        for (std::size_t d = dim + 1; d < dims_.size(); ++d) stride *= dims_[d];
        return stride;
    }
    std::size_t mesh_size() const {
        std::size_t n = 1;
        for (auto d : dims_) n *= d;
        return n;
    }
    const std::vector<std::uint32_t>& values() const { return dims_; }
    auto cbegin() const { return dims_.cbegin(); }
    auto cend() const { return dims_.cend(); }
    bool operator==(const MeshShape&) const = default;

private:
    std::vector<std::uint32_t> dims_;
};

class MeshCoordinate {
public:
    explicit MeshCoordinate(std::uint32_t x) : coords_{x} {}
    MeshCoordinate(std::uint32_t row, std::uint32_t col) : coords_{row, col} {}
    MeshCoordinate(std::uint32_t x, std::uint32_t y, std::uint32_t z) : coords_{x, y, z} {}
    explicit MeshCoordinate(std::vector<std::uint32_t> coords) : coords_(std::move(coords)) {}
    static MeshCoordinate zero_coordinate(std::size_t dimensions) {
        return MeshCoordinate(std::vector<std::uint32_t>(dimensions, 0));
    }
    std::size_t dims() const { return coords_.size(); }
    std::uint32_t operator[](std::size_t i) const { return coords_[i]; }
    const std::vector<std::uint32_t>& coords() const { return coords_; }
    // Row-major position of this coordinate in `shape`; TT_FATAL when it lies outside.
    std::size_t to_linear_index(const MeshShape& shape) const;
    bool operator==(const MeshCoordinate&) const = default;
    bool operator<(const MeshCoordinate& other) const { return coords_ < other.coords_; }
    std::string str() const;

private:
    std::vector<std::uint32_t> coords_;
};

// Row-major index of `coord` in `shape`; TT_FATAL when `coord` is out of bounds.
std::size_t to_linear_index(const MeshShape& shape, const MeshCoordinate& coord);

class MeshCoordinateRange {
public:
    // Inclusive range [start, end]; TT_FATAL when the dimensions differ or start > end somewhere.
    MeshCoordinateRange(const MeshCoordinate& start, const MeshCoordinate& end);
    explicit MeshCoordinateRange(const MeshCoordinate& coord) : start_(coord), end_(coord) {}
    // Every coordinate of a mesh of this shape.
    explicit MeshCoordinateRange(const MeshShape& shape);
    const MeshCoordinate& start_coord() const { return start_; }
    const MeshCoordinate& end_coord() const { return end_; }
    std::size_t dims() const { return start_.dims(); }
    MeshShape shape() const;
    bool contains(const MeshCoordinate& coord) const;
    bool contains(const MeshCoordinateRange& range) const;
    bool intersects(const MeshCoordinateRange& range) const;
    std::optional<MeshCoordinateRange> intersection(const MeshCoordinateRange& range) const;
    std::size_t size() const;
    // Emulator convenience: the coordinates in iteration order.
    std::vector<MeshCoordinate> coordinates() const;
    bool operator==(const MeshCoordinateRange&) const = default;
    std::string str() const;

    class Iterator {
    public:
        using iterator_category = std::forward_iterator_tag;
        using value_type = MeshCoordinate;
        using difference_type = std::ptrdiff_t;
        using pointer = const MeshCoordinate*;
        using reference = const MeshCoordinate&;
        Iterator& operator++();
        const MeshCoordinate& operator*() const { return current_; }
        const MeshCoordinate* operator->() const { return &current_; }
        bool operator==(const Iterator& other) const { return linear_index_ == other.linear_index_; }
        bool operator!=(const Iterator& other) const { return !(*this == other); }

    private:
        friend class MeshCoordinateRange;
        Iterator(const MeshCoordinateRange* range, MeshCoordinate current, std::size_t linear_index)
            : range_(range), current_(std::move(current)), linear_index_(linear_index) {}
        const MeshCoordinateRange* range_;
        MeshCoordinate current_;
        std::size_t linear_index_;
    };
    Iterator begin() const { return Iterator(this, start_, 0); }
    Iterator end() const { return Iterator(this, start_, size()); }

private:
    MeshCoordinate start_;
    MeshCoordinate end_;
};

// Printed as tt-metal does: MeshShape([2, 4]), MeshCoordinate([0, 1]).
inline std::ostream& operator<<(std::ostream& out, const MeshShape& shape) {
    out << "MeshShape([";
    for (std::size_t i = 0; i < shape.dims(); ++i) out << (i ? ", " : "") << shape[i];
    return out << "])";
}
inline std::ostream& operator<<(std::ostream& out, const MeshCoordinate& coord) { return out << coord.str(); }
inline std::ostream& operator<<(std::ostream& out, const MeshCoordinateRange& range) { return out << range.str(); }

}  // namespace tt::tt_metal::distributed

template <>
struct std::hash<tt::tt_metal::distributed::MeshCoordinate> {
    std::size_t operator()(const tt::tt_metal::distributed::MeshCoordinate& c) const noexcept {
        std::size_t h = 0;
        for (auto v : c.coords()) h = h * 131 + v;
        return h;
    }
};

template <>
struct std::hash<tt::tt_metal::distributed::MeshCoordinateRange> {
    std::size_t operator()(const tt::tt_metal::distributed::MeshCoordinateRange& r) const noexcept {
        std::hash<tt::tt_metal::distributed::MeshCoordinate> hash;
        return hash(r.start_coord()) * 31 + hash(r.end_coord());
    }
};
