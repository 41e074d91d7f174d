// HAL enums programs name (tt-metalium/hal_types.hpp): programmable core types and memory kinds.
#pragma once

#include <cstdint>

namespace tt::tt_metal {
enum class HalProgrammableCoreType { TENSIX = 0, ACTIVE_ETH = 1, IDLE_ETH = 2, COUNT = 3 };
static constexpr std::uint32_t NumHalProgrammableCoreTypes = static_cast<std::uint32_t>(HalProgrammableCoreType::COUNT);
enum class HalMemType : std::uint8_t { L1 = 0, DRAM = 1, HOST = 2, COUNT = 3 };
}  // namespace tt::tt_metal
