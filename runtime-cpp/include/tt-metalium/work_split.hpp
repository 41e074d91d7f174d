// split_work_to_cores: divide N work units over a core grid, as tt-metal does (two groups whose per-core
// counts differ by one).
#pragma once

#include <cstdint>
#include <tuple>

#include <tt-metalium/core_coord.hpp>

namespace tt::tt_metal {

std::tuple<std::uint32_t, CoreRangeSet, CoreRangeSet, CoreRangeSet, std::uint32_t, std::uint32_t>
split_work_to_cores(CoreCoord grid_size, std::uint32_t units_to_divide, bool row_wise = false);

std::tuple<std::uint32_t, CoreRangeSet, CoreRangeSet, CoreRangeSet, std::uint32_t, std::uint32_t>
split_work_to_cores(const CoreRangeSet& core_grid, std::uint32_t units_to_divide, bool row_wise = false);

}  // namespace tt::tt_metal
