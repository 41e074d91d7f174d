// Helpers shared by the host-API source files of the emulator library. Not installed; not kernel-visible.
#pragma once

#include <cstddef>
#include <memory>

#include <tt-metalium/buffer.hpp>
#include <tt-metalium/device.hpp>
#include <tt-metalium/program.hpp>

#include "device_state.hpp"

namespace emu {

// Scatter / gather a buffer's pages between host memory (page order) and device memory.
void write_buffer(const tt::tt_metal::Buffer& buffer, const void* host_data, std::size_t bytes);
void read_buffer(const tt::tt_metal::Buffer& buffer, void* host_data, std::size_t bytes);

// Device state behind an IDevice; throws when the device is closed.
DeviceState& device_state_of(const tt::tt_metal::IDevice* device);
std::shared_ptr<DeviceState> shared_device_state(const tt::tt_metal::IDevice* device);

}  // namespace emu
