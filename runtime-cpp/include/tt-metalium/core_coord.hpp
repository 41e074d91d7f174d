// CoreCoord / CoreRange / CoreRangeSet and the helpers that turn them into core lists (tt-metal names).
// Pure value types: no device state.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <umd/device/types/xy_pair.hpp>

namespace tt::tt_metal {

using CoreCoord = tt_xy_pair;

class CoreRange {
public:
    CoreCoord start_coord;
    CoreCoord end_coord;

    CoreRange(const CoreCoord& point);  // NOLINT: implicit like tt-metal's
    CoreRange(const CoreCoord& start_coord, const CoreCoord& end_coord);

    std::size_t size() const;
    CoreCoord grid_size() const;
    bool contains(const CoreCoord& core) const;
    bool contains(const CoreRange& other) const;
    bool intersects(const CoreRange& other) const;
    std::optional<CoreRange> intersection(const CoreRange& other) const;
    std::string str() const;

    // Iterates cores row by row (x fastest), as tt-metal's CoreRange iterator does.
    class CoreIterator {
    public:
        CoreIterator(const CoreCoord& current, const CoreRange& range) : current_(current), range_(&range) {}
        const CoreCoord& operator*() const { return current_; }
        const CoreCoord* operator->() const { return &current_; }
        CoreIterator& operator++();
        bool operator==(const CoreIterator& other) const { return current_ == other.current_; }
        bool operator!=(const CoreIterator& other) const { return !(*this == other); }

    private:
        CoreCoord current_;
        const CoreRange* range_;
    };
    CoreIterator begin() const;
    CoreIterator end() const;

    friend bool operator==(const CoreRange& a, const CoreRange& b) {
        return a.start_coord == b.start_coord && a.end_coord == b.end_coord;
    }
    friend bool operator!=(const CoreRange& a, const CoreRange& b) { return !(a == b); }
    friend bool operator<(const CoreRange& a, const CoreRange& b) {
        return a.start_coord < b.start_coord || (a.start_coord == b.start_coord && a.end_coord < b.end_coord);
    }
};

class CoreRangeSet {
public:
    CoreRangeSet() = default;
    CoreRangeSet(const CoreRange& core_range);  // NOLINT: implicit like tt-metal's
    CoreRangeSet(std::span<const CoreRange> core_ranges);
    CoreRangeSet(const std::set<CoreRange>& core_ranges);
    CoreRangeSet(const std::vector<CoreRange>& core_ranges);
    CoreRangeSet(std::vector<CoreRange>&& core_ranges);
    CoreRangeSet(std::span<const CoreCoord> cores);

    const std::vector<CoreRange>& ranges() const { return ranges_; }
    std::size_t size() const { return ranges_.size(); }
    bool empty() const { return ranges_.empty(); }
    std::uint32_t num_cores() const;
    bool contains(const CoreCoord& core) const;
    bool contains(const CoreRange& range) const;
    bool intersects(const CoreRange& range) const;
    CoreRange bounding_box() const;
    CoreRangeSet merge(const CoreRangeSet& other) const;
    template <typename T>
    CoreRangeSet merge(const T& other) const {
        return merge(CoreRangeSet(other));
    }
    CoreRangeSet merge_ranges() const { return *this; }
    std::string str() const;

    friend bool operator==(const CoreRangeSet& a, const CoreRangeSet& b) { return a.ranges_ == b.ranges_; }
    friend bool operator!=(const CoreRangeSet& a, const CoreRangeSet& b) { return !(a == b); }

private:
    void check_disjoint() const;
    std::vector<CoreRange> ranges_;
};

std::vector<CoreCoord> grid_to_cores(std::uint32_t num_cores, std::uint32_t grid_size_x, std::uint32_t grid_size_y,
                                     bool row_wise = false);
std::vector<CoreCoord> grid_to_cores(CoreCoord start, CoreCoord end, bool row_wise = false);
std::vector<CoreCoord> corerange_to_cores(const CoreRangeSet& crs,
                                          std::optional<std::uint32_t> max_cores = std::nullopt,
                                          bool row_wise = false);
CoreRangeSet num_cores_to_corerangeset(std::uint32_t target_num_cores, CoreCoord grid_size, bool row_wise = false);
CoreRangeSet num_cores_to_corerangeset(CoreCoord start_core, std::uint32_t target_num_cores, CoreCoord grid_size,
                                       bool row_wise = false);

}  // namespace tt::tt_metal

template <>
struct fmt::formatter<tt::tt_metal::CoreRange> : fmt::formatter<std::string> {
    auto format(const tt::tt_metal::CoreRange& r, fmt::format_context& ctx) const {
        return fmt::formatter<std::string>::format(r.str(), ctx);
    }
};
template <>
struct fmt::formatter<tt::tt_metal::CoreRangeSet> : fmt::formatter<std::string> {
    auto format(const tt::tt_metal::CoreRangeSet& r, fmt::format_context& ctx) const {
        return fmt::formatter<std::string>::format(r.str(), ctx);
    }
};
