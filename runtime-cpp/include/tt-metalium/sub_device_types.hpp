// SubDeviceId: accepted in signatures; the emulator has one sub-device per device.
#pragma once

#include <cstdint>

namespace tt::tt_metal {
struct SubDeviceId {
    std::uint8_t id = 0;
    bool operator==(const SubDeviceId&) const = default;
};
}  // namespace tt::tt_metal
