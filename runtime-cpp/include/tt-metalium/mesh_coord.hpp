// MeshShape / MeshCoordinate / MeshCoordinateRange (tt::tt_metal::distributed). The emulator runs 1x1 meshes,
// but the types are general N-dimensional value types.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <ostream>
#include <string>
#include <vector>

namespace tt::tt_metal::distributed {

class MeshShape {
public:
    MeshShape(std::uint32_t num_rows, std::uint32_t num_cols) : dims_{num_rows, num_cols} {}
    MeshShape(std::initializer_list<std::uint32_t> dims) : dims_(dims) {}
    explicit MeshShape(std::vector<std::uint32_t> dims) : dims_(std::move(dims)) {}
    std::size_t dims() const { return dims_.size(); }
    std::uint32_t operator[](std::size_t i) const { return dims_[i]; }
    std::size_t mesh_size() const {
        std::size_t n = 1;
        for (auto d : dims_) n *= d;
        return n;
    }
    const std::vector<std::uint32_t>& values() const { return dims_; }
    bool operator==(const MeshShape&) const = default;

private:
    std::vector<std::uint32_t> dims_;
};

class MeshCoordinate {
public:
    MeshCoordinate(std::uint32_t row, std::uint32_t col) : coords_{row, col} {}
    explicit MeshCoordinate(std::vector<std::uint32_t> coords) : coords_(std::move(coords)) {}
    static MeshCoordinate zero_coordinate(std::size_t dimensions) {
        return MeshCoordinate(std::vector<std::uint32_t>(dimensions, 0));
    }
    std::size_t dims() const { return coords_.size(); }
    std::uint32_t operator[](std::size_t i) const { return coords_[i]; }
    const std::vector<std::uint32_t>& coords() const { return coords_; }
    bool operator==(const MeshCoordinate&) const = default;
    bool operator<(const MeshCoordinate& other) const { return coords_ < other.coords_; }
    std::string str() const;

private:
    std::vector<std::uint32_t> coords_;
};

class MeshCoordinateRange {
public:
    MeshCoordinateRange(const MeshCoordinate& start, const MeshCoordinate& end) : start_(start), end_(end) {}
    explicit MeshCoordinateRange(const MeshCoordinate& coord) : start_(coord), end_(coord) {}
    explicit MeshCoordinateRange(const MeshShape& shape);
    const MeshCoordinate& start_coord() const { return start_; }
    const MeshCoordinate& end_coord() const { return end_; }
    std::size_t dims() const { return start_.dims(); }
    bool contains(const MeshCoordinate& coord) const;
    std::size_t size() const;
    std::vector<MeshCoordinate> coordinates() const;
    bool operator==(const MeshCoordinateRange&) const = default;
    std::string str() const;

private:
    MeshCoordinate start_;
    MeshCoordinate end_;
};

// Printed as tt-metal does: MeshShape([2, 4]).
inline std::ostream& operator<<(std::ostream& out, const MeshShape& shape) {
    out << "MeshShape([";
    for (std::size_t i = 0; i < shape.dims(); ++i) out << (i ? ", " : "") << shape[i];
    return out << "])";
}

}  // namespace tt::tt_metal::distributed

template <>
struct std::hash<tt::tt_metal::distributed::MeshCoordinateRange> {
    std::size_t operator()(const tt::tt_metal::distributed::MeshCoordinateRange& r) const noexcept {
        std::size_t h = 0;
        for (auto c : r.start_coord().coords()) h = h * 131 + c;
        for (auto c : r.end_coord().coords()) h = h * 131 + c;
        return h;
    }
};
