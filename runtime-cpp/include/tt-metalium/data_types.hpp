// Processor / NoC selection enums of tt-metal's kernel configs. Values only.
#pragma once

#include <cstdint>

enum class CoreType { ARC, DRAM, ETH, PCIE, WORKER, HARVESTED, ROUTER_ONLY, ACTIVE_ETH, IDLE_ETH, TENSIX, COUNT };

namespace tt::tt_metal {

enum class DataMovementProcessor { RISCV_0 = 0, RISCV_1 = 1, RISCV_2, RISCV_3, RISCV_4, RISCV_5, RISCV_6, RISCV_7 };

enum NOC : std::uint8_t { RISCV_0_default = 0, RISCV_1_default = 1, NOC_0 = 0, NOC_1 = 1 };

enum NOC_MODE : std::uint8_t { DM_DEDICATED_NOC = 0, DM_DYNAMIC_NOC = 1 };

enum Eth : std::uint8_t { SENDER = 0, RECEIVER = 1, IDLE = 2 };

}  // namespace tt::tt_metal
