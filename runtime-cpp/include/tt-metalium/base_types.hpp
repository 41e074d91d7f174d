// Small enums shared across tt-metal's host API: MathFidelity, UnpackToDestMode, tt::ARCH. Values only.
#pragma once

#include <cstdint>

enum class MathFidelity : std::uint8_t { LoFi = 0, HiFi2 = 2, HiFi3 = 3, HiFi4 = 4, Invalid = 0xff };

enum class UnpackToDestMode : std::uint8_t { Default, UnpackToDestFp32 };

namespace tt {
enum class ARCH { GRAYSKULL = 1, WORMHOLE_B0 = 2, BLACKHOLE = 3, QUASAR = 4, Invalid = 0xFF };
}  // namespace tt
