// Helpers shared by the host-API source files of the emulator library. Not installed; not kernel-visible.
#pragma once

#include <cstddef>
#include <memory>

#include <tt-metalium/buffer.hpp>
#include <tt-metalium/device.hpp>
#include <tt-metalium/mesh_buffer.hpp>
#include <tt-metalium/program.hpp>

#include "device_state.hpp"

namespace emu {

// Scatter / gather bytes [offset, offset + bytes) of a buffer (in page order) between host memory and the
// device's memory.
void write_buffer(const tt::tt_metal::Buffer& buffer, const void* host_data, std::size_t bytes,
                  std::size_t offset = 0);
void read_buffer(const tt::tt_metal::Buffer& buffer, void* host_data, std::size_t bytes, std::size_t offset = 0);

// Whole-MeshBuffer transfers of `bytes` (at most the full size): replicated data goes to every chip;
// sharded global data (row-major) is cut into shards and each chip gets its own (mesh_buffer.cpp).
void write_mesh_buffer(const tt::tt_metal::distributed::MeshBuffer& buffer, const void* host_data, std::size_t bytes);
void read_mesh_buffer(const tt::tt_metal::distributed::MeshBuffer& buffer, void* host_data, std::size_t bytes);

// Device state behind an IDevice; throws when the device is closed.
DeviceState& device_state_of(const tt::tt_metal::IDevice* device);
std::shared_ptr<DeviceState> shared_device_state(const tt::tt_metal::IDevice* device);

}  // namespace emu
