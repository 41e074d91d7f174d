// CoreRange / CoreRangeSet value semantics and the core-list helpers (grid_to_cores, corerange_to_cores,
// num_cores_to_corerangeset, split_work_to_cores). Pure functions; no device state.
#include <algorithm>

#include <fmt/format.h>
#include <tt-metalium/core_coord.hpp>
#include <tt-metalium/work_split.hpp>
#include <tt_stl/assert.hpp>

namespace tt::tt_metal {

CoreRange::CoreRange(const CoreCoord& point) : start_coord(point), end_coord(point) {}

CoreRange::CoreRange(const CoreCoord& start, const CoreCoord& end) : start_coord(start), end_coord(end) {
    TT_FATAL(end.x >= start.x && end.y >= start.y, "Invalid core range for start_coord: {}, end_coord: {}",
             start.str(), end.str());
}

std::size_t CoreRange::size() const { return (end_coord.x - start_coord.x + 1) * (end_coord.y - start_coord.y + 1); }
CoreCoord CoreRange::grid_size() const { return {end_coord.x - start_coord.x + 1, end_coord.y - start_coord.y + 1}; }
bool CoreRange::contains(const CoreCoord& core) const {
    return core.x >= start_coord.x && core.x <= end_coord.x && core.y >= start_coord.y && core.y <= end_coord.y;
}
bool CoreRange::contains(const CoreRange& other) const { return contains(other.start_coord) && contains(other.end_coord); }
bool CoreRange::intersects(const CoreRange& other) const { return intersection(other).has_value(); }
std::optional<CoreRange> CoreRange::intersection(const CoreRange& other) const {
    std::size_t x0 = std::max(start_coord.x, other.start_coord.x), y0 = std::max(start_coord.y, other.start_coord.y);
    std::size_t x1 = std::min(end_coord.x, other.end_coord.x), y1 = std::min(end_coord.y, other.end_coord.y);
    if (x0 > x1 || y0 > y1) return std::nullopt;
    return CoreRange({x0, y0}, {x1, y1});
}
std::string CoreRange::str() const { return fmt::format("[{} - {}]", start_coord.str(), end_coord.str()); }

CoreRange::CoreIterator& CoreRange::CoreIterator::operator++() {
    if (current_.x < range_->end_coord.x) {
        ++current_.x;
    } else {
        current_.x = range_->start_coord.x;
        ++current_.y;
    }
    return *this;
}
CoreRange::CoreIterator CoreRange::begin() const { return CoreIterator(start_coord, *this); }
CoreRange::CoreIterator CoreRange::end() const { return CoreIterator({start_coord.x, end_coord.y + 1}, *this); }

CoreRangeSet::CoreRangeSet(const CoreRange& core_range) : ranges_{core_range} {}
CoreRangeSet::CoreRangeSet(std::span<const CoreRange> core_ranges) : ranges_(core_ranges.begin(), core_ranges.end()) {
    check_disjoint();
}
CoreRangeSet::CoreRangeSet(const std::set<CoreRange>& core_ranges) : ranges_(core_ranges.begin(), core_ranges.end()) {
    check_disjoint();
}
CoreRangeSet::CoreRangeSet(const std::vector<CoreRange>& core_ranges) : ranges_(core_ranges) { check_disjoint(); }
CoreRangeSet::CoreRangeSet(std::vector<CoreRange>&& core_ranges) : ranges_(std::move(core_ranges)) {
    check_disjoint();
}
CoreRangeSet::CoreRangeSet(std::span<const CoreCoord> cores) {
    for (const auto& core : cores) {
        if (!contains(core)) ranges_.emplace_back(core);
    }
}

void CoreRangeSet::check_disjoint() const {
    for (std::size_t i = 0; i < ranges_.size(); ++i) {
        for (std::size_t j = i + 1; j < ranges_.size(); ++j) {
            TT_FATAL(!ranges_[i].intersects(ranges_[j]), "Cannot create CoreRangeSet with specified core ranges because "
                     "core ranges {} and {} overlap!", ranges_[i].str(), ranges_[j].str());
        }
    }
}

std::uint32_t CoreRangeSet::num_cores() const {
    std::uint32_t n = 0;
    for (const auto& r : ranges_) n += static_cast<std::uint32_t>(r.size());
    return n;
}
bool CoreRangeSet::contains(const CoreCoord& core) const {
    return std::any_of(ranges_.begin(), ranges_.end(), [&](const CoreRange& r) { return r.contains(core); });
}
bool CoreRangeSet::contains(const CoreRange& range) const {
    for (const auto& core : range) {
        if (!contains(core)) return false;
    }
    return true;
}
bool CoreRangeSet::intersects(const CoreRange& range) const {
    return std::any_of(ranges_.begin(), ranges_.end(), [&](const CoreRange& r) { return r.intersects(range); });
}
CoreRange CoreRangeSet::bounding_box() const {
    TT_FATAL(!ranges_.empty(), "bounding_box of an empty CoreRangeSet");
    CoreCoord lo = ranges_[0].start_coord, hi = ranges_[0].end_coord;
    for (const auto& r : ranges_) {
        lo = {std::min(lo.x, r.start_coord.x), std::min(lo.y, r.start_coord.y)};
        hi = {std::max(hi.x, r.end_coord.x), std::max(hi.y, r.end_coord.y)};
    }
    return CoreRange(lo, hi);
}
CoreRangeSet CoreRangeSet::merge(const CoreRangeSet& other) const {
    std::vector<CoreCoord> cores;
    for (const auto* set : {this, &other}) {
        for (const auto& r : set->ranges_) {
            for (const auto& c : r) cores.push_back(c);
        }
    }
    CoreRangeSet merged;
    for (const auto& c : cores) {
        if (!merged.contains(c)) merged.ranges_.emplace_back(c);
    }
    // Coalesce single cores into row runs so the set stays small.
    std::sort(merged.ranges_.begin(), merged.ranges_.end(), [](const CoreRange& a, const CoreRange& b) {
        return a.start_coord.y < b.start_coord.y || (a.start_coord.y == b.start_coord.y && a.start_coord.x < b.start_coord.x);
    });
    std::vector<CoreRange> runs;
    for (const auto& r : merged.ranges_) {
        if (!runs.empty() && runs.back().end_coord.y == r.start_coord.y && runs.back().start_coord.y == r.start_coord.y &&
            runs.back().end_coord.x + 1 == r.start_coord.x) {
            runs.back().end_coord.x = r.start_coord.x;
        } else {
            runs.push_back(r);
        }
    }
    merged.ranges_ = std::move(runs);
    return merged;
}
std::string CoreRangeSet::str() const {
    std::string s = "{";
    for (std::size_t i = 0; i < ranges_.size(); ++i) s += (i ? ", " : "") + ranges_[i].str();
    return s + "}";
}

std::vector<CoreCoord> grid_to_cores(std::uint32_t num_cores, std::uint32_t grid_size_x, std::uint32_t grid_size_y,
                                     bool row_wise) {
    TT_FATAL(num_cores <= grid_size_x * grid_size_y, "Number of cores {} exceeds grid {}x{}", num_cores, grid_size_x,
             grid_size_y);
    std::vector<CoreCoord> cores;
    for (std::uint32_t i = 0; i < num_cores; ++i) {
        cores.push_back(row_wise ? CoreCoord{i % grid_size_x, i / grid_size_x} : CoreCoord{i / grid_size_y, i % grid_size_y});
    }
    return cores;
}

std::vector<CoreCoord> grid_to_cores(CoreCoord start, CoreCoord end, bool row_wise) {
    std::vector<CoreCoord> cores;
    if (row_wise) {
        for (auto y = start.y; y <= end.y; ++y)
            for (auto x = start.x; x <= end.x; ++x) cores.push_back({x, y});
    } else {
        for (auto x = start.x; x <= end.x; ++x)
            for (auto y = start.y; y <= end.y; ++y) cores.push_back({x, y});
    }
    return cores;
}

std::vector<CoreCoord> corerange_to_cores(const CoreRangeSet& crs, std::optional<std::uint32_t> max_cores,
                                          bool row_wise) {
    std::vector<CoreCoord> cores;
    for (const auto& range : crs.ranges()) {
        for (const auto& core : grid_to_cores(range.start_coord, range.end_coord, row_wise)) {
            if (max_cores && cores.size() >= *max_cores) return cores;
            cores.push_back(core);
        }
    }
    return cores;
}

CoreRangeSet num_cores_to_corerangeset(CoreCoord start_core, std::uint32_t target_num_cores, CoreCoord grid_size,
                                       bool row_wise) {
    std::vector<CoreRange> ranges;
    if (target_num_cores == 0) return CoreRangeSet(std::move(ranges));
    const std::size_t line = row_wise ? grid_size.x : grid_size.y;  // cores per full row (or column)
    const std::size_t start_line = row_wise ? start_core.y : start_core.x;
    const std::size_t start_pos = row_wise ? start_core.x : start_core.y;
    std::size_t remaining = target_num_cores;
    std::size_t line_index = start_line, pos = start_pos;
    auto make = [&](std::size_t l, std::size_t a, std::size_t b) {
        return row_wise ? CoreRange({a, l}, {b, l}) : CoreRange({l, a}, {l, b});
    };
    // Partial first line, then full lines merged into one block, then a partial last line.
    if (pos != 0) {
        std::size_t take = std::min(remaining, line - pos);
        ranges.push_back(make(line_index, pos, pos + take - 1));
        remaining -= take;
        ++line_index;
    }
    std::size_t full_lines = remaining / line;
    if (full_lines > 0) {
        ranges.push_back(row_wise ? CoreRange({0, line_index}, {line - 1, line_index + full_lines - 1})
                                  : CoreRange({line_index, 0}, {line_index + full_lines - 1, line - 1}));
        line_index += full_lines;
        remaining -= full_lines * line;
    }
    if (remaining > 0) ranges.push_back(make(line_index, 0, remaining - 1));
    return CoreRangeSet(std::move(ranges));
}

CoreRangeSet num_cores_to_corerangeset(std::uint32_t target_num_cores, CoreCoord grid_size, bool row_wise) {
    TT_FATAL(target_num_cores <= grid_size.x * grid_size.y, "Target number of cores {} is greater than total number "
             "of available cores {}", target_num_cores, grid_size.x * grid_size.y);
    return num_cores_to_corerangeset({0, 0}, target_num_cores, grid_size, row_wise);
}

namespace {
std::tuple<std::uint32_t, CoreRangeSet, CoreRangeSet, CoreRangeSet, std::uint32_t, std::uint32_t> split_over(
    const std::vector<CoreCoord>& ordered_cores, std::uint32_t units) {
    if (units == 0 || ordered_cores.empty()) return {0, CoreRangeSet(), CoreRangeSet(), CoreRangeSet(), 0, 0};
    const auto num_cores = std::min<std::uint32_t>(units, static_cast<std::uint32_t>(ordered_cores.size()));
    const std::uint32_t per_core = units / num_cores;
    const std::uint32_t remainder = units % num_cores;
    std::vector<CoreCoord> used(ordered_cores.begin(), ordered_cores.begin() + num_cores);
    CoreRangeSet all = CoreRangeSet(std::span<const CoreCoord>(used)).merge(CoreRangeSet());
    if (remainder == 0) return {num_cores, all, all, CoreRangeSet(), per_core, 0};
    std::vector<CoreCoord> first(used.begin(), used.begin() + remainder), second(used.begin() + remainder, used.end());
    return {num_cores, all, CoreRangeSet(std::span<const CoreCoord>(first)).merge(CoreRangeSet()),
            CoreRangeSet(std::span<const CoreCoord>(second)).merge(CoreRangeSet()), per_core + 1, per_core};
}
}  // namespace

std::tuple<std::uint32_t, CoreRangeSet, CoreRangeSet, CoreRangeSet, std::uint32_t, std::uint32_t>
split_work_to_cores(CoreCoord grid_size, std::uint32_t units_to_divide, bool row_wise) {
    return split_over(grid_to_cores(static_cast<std::uint32_t>(grid_size.x * grid_size.y),
                                    static_cast<std::uint32_t>(grid_size.x), static_cast<std::uint32_t>(grid_size.y),
                                    row_wise),
                      units_to_divide);
}

std::tuple<std::uint32_t, CoreRangeSet, CoreRangeSet, CoreRangeSet, std::uint32_t, std::uint32_t>
split_work_to_cores(const CoreRangeSet& core_grid, std::uint32_t units_to_divide, bool row_wise) {
    return split_over(corerange_to_cores(core_grid, std::nullopt, row_wise), units_to_divide);
}

}  // namespace tt::tt_metal
