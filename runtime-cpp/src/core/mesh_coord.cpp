// MeshCoordinate / MeshCoordinateRange arithmetic (see mesh_coord.hpp). Pure values; no device access.
#include <algorithm>

#include <fmt/format.h>
#include <tt-metalium/mesh_coord.hpp>
#include <tt_stl/assert.hpp>

namespace tt::tt_metal::distributed {

namespace {
std::string bracketed(const std::vector<std::uint32_t>& values) {
    return fmt::format("[{}]", fmt::join(values, ", "));
}
}  // namespace

std::string MeshCoordinate::str() const { return "MeshCoordinate(" + bracketed(coords_) + ")"; }

std::size_t MeshCoordinate::to_linear_index(const MeshShape& shape) const {
    return distributed::to_linear_index(shape, *this);
}

std::size_t to_linear_index(const MeshShape& shape, const MeshCoordinate& coord) {
    TT_FATAL(shape.dims() == coord.dims(), "{} has {} dimensions but the mesh shape {} has {}", coord.str(),
             coord.dims(), bracketed(shape.values()), shape.dims());
    std::size_t index = 0;
    for (std::size_t d = 0; d < shape.dims(); ++d) {
        TT_FATAL(coord[d] < shape[d], "{} lies outside the mesh of shape {}", coord.str(), bracketed(shape.values()));
        index = index * shape[d] + coord[d];
    }
    return index;
}

MeshCoordinateRange::MeshCoordinateRange(const MeshCoordinate& start, const MeshCoordinate& end)
    : start_(start), end_(end) {
    TT_FATAL(start.dims() == end.dims(), "MeshCoordinateRange: start {} and end {} differ in dimensions", start.str(),
             end.str());
    for (std::size_t d = 0; d < start.dims(); ++d) {
        TT_FATAL(start[d] <= end[d], "MeshCoordinateRange: start {} is past end {}", start.str(), end.str());
    }
}

MeshCoordinateRange::MeshCoordinateRange(const MeshShape& shape)
    : start_(MeshCoordinate::zero_coordinate(shape.dims())), end_(MeshCoordinate::zero_coordinate(shape.dims())) {
    std::vector<std::uint32_t> last;
    for (std::size_t i = 0; i < shape.dims(); ++i) {
        TT_FATAL(shape[i] > 0, "MeshCoordinateRange: mesh shape {} has an empty dimension", bracketed(shape.values()));
        last.push_back(shape[i] - 1);
    }
    end_ = MeshCoordinate(last);
}

MeshShape MeshCoordinateRange::shape() const {
    std::vector<std::uint32_t> extent;
    for (std::size_t d = 0; d < dims(); ++d) extent.push_back(end_[d] - start_[d] + 1);
    return MeshShape(extent);
}

bool MeshCoordinateRange::contains(const MeshCoordinate& coord) const {
    if (coord.dims() != dims()) return false;
    for (std::size_t i = 0; i < dims(); ++i) {
        if (coord[i] < start_[i] || coord[i] > end_[i]) return false;
    }
    return true;
}

bool MeshCoordinateRange::contains(const MeshCoordinateRange& range) const {
    return contains(range.start_) && contains(range.end_);
}

bool MeshCoordinateRange::intersects(const MeshCoordinateRange& range) const { return intersection(range).has_value(); }

std::optional<MeshCoordinateRange> MeshCoordinateRange::intersection(const MeshCoordinateRange& range) const {
    if (range.dims() != dims()) return std::nullopt;
    std::vector<std::uint32_t> low, high;
    for (std::size_t d = 0; d < dims(); ++d) {
        low.push_back(std::max(start_[d], range.start_[d]));
        high.push_back(std::min(end_[d], range.end_[d]));
        if (low.back() > high.back()) return std::nullopt;
    }
    return MeshCoordinateRange(MeshCoordinate(low), MeshCoordinate(high));
}

std::size_t MeshCoordinateRange::size() const { return shape().mesh_size(); }

std::vector<MeshCoordinate> MeshCoordinateRange::coordinates() const {
    std::vector<MeshCoordinate> result;
    for (const auto& coord : *this) result.push_back(coord);
    return result;
}

std::string MeshCoordinateRange::str() const { return "MeshCoordinateRange(" + start_.str() + ", " + end_.str() + ")"; }

MeshCoordinateRange::Iterator& MeshCoordinateRange::Iterator::operator++() {
    ++linear_index_;
    std::vector<std::uint32_t> next = current_.coords();
    for (std::size_t d = next.size(); d-- > 0;) {
        if (next[d] < range_->end_[d]) {
            ++next[d];
            break;
        }
        next[d] = range_->start_[d];
    }
    current_ = MeshCoordinate(std::move(next));
    return *this;
}

}  // namespace tt::tt_metal::distributed
