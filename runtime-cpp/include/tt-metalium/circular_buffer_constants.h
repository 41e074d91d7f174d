// Number of circular-buffer indices per core. tt-metal uses 32 on Wormhole and 64 elsewhere; the emulator
// accepts 64 on every architecture and checks the Wormhole limit at program launch.
#pragma once

#include <cstdint>

constexpr static std::uint32_t NUM_CIRCULAR_BUFFERS = 64;
