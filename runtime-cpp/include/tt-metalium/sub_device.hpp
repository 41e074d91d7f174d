// SubDevice (tt-metalium/sub_device.hpp): a partition of a device's cores by programmable core type. The
// emulator has the types so programs that describe sub-devices compile; it runs every program on the
// whole device (there is no sub-device manager and no per-sub-device dispatch).
#pragma once

#include <array>
#include <cstdint>
#include <stdexcept>

#include <tt-metalium/core_coord.hpp>
#include <tt-metalium/hal_types.hpp>
#include <tt-metalium/sub_device_types.hpp>
#include <tt_stl/span.hpp>

namespace tt::tt_metal {

class SubDevice {
public:
    SubDevice(const std::array<CoreRangeSet, NumHalProgrammableCoreTypes>& cores) : cores_(cores) {}  // NOLINT
    SubDevice(std::array<CoreRangeSet, NumHalProgrammableCoreTypes>&& cores) : cores_(std::move(cores)) {}  // NOLINT
    SubDevice(tt::stl::Span<const CoreRangeSet> cores) {  // NOLINT
        if (cores.size() > NumHalProgrammableCoreTypes) {
            throw std::invalid_argument("SubDevice: more core range sets than programmable core types");
        }
        for (std::size_t i = 0; i < cores.size(); ++i) cores_[i] = cores[i];
    }

    bool has_core_type(HalProgrammableCoreType core_type) const { return num_cores(core_type) != 0; }
    std::uint32_t num_cores(HalProgrammableCoreType core_type) const {
        return static_cast<std::uint32_t>(cores(core_type).num_cores());
    }
    const std::array<CoreRangeSet, NumHalProgrammableCoreTypes>& cores() const { return cores_; }
    const CoreRangeSet& cores(HalProgrammableCoreType core_type) const {
        return cores_.at(static_cast<std::size_t>(core_type));
    }

private:
    std::array<CoreRangeSet, NumHalProgrammableCoreTypes> cores_{};
};

}  // namespace tt::tt_metal
