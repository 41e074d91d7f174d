// SubDeviceId: accepted in signatures; the emulator has one sub-device per device.
#pragma once

#include <cstdint>

namespace tt::tt_metal {
struct SubDeviceId {
    std::uint8_t id = 0;
    bool operator==(const SubDeviceId&) const = default;
    std::uint8_t operator*() const { return id; }
};
// Identifies a set of sub-devices loaded together (tt-metal: a strong uint64 type).
struct SubDeviceManagerId {
    std::uint64_t id = 0;
    bool operator==(const SubDeviceManagerId&) const = default;
    std::uint64_t operator*() const { return id; }
};
}  // namespace tt::tt_metal
