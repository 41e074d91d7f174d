// Slow-dispatch helpers (tt::tt_metal::detail): launch a program and move data without a command queue.
#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>

#include <tt-metalium/buffer.hpp>
#include <tt-metalium/device.hpp>
#include <tt-metalium/program.hpp>

namespace tt::tt_metal::detail {

void LaunchProgram(IDevice* device, Program& program, bool wait_until_cores_done = true,
                   bool force_slow_dispatch = false);
void WaitProgramDone(IDevice* device, Program& program, bool read_device_profiler_results = true);
bool CompileProgram(IDevice* device, Program& program, bool force_slow_dispatch = false);

void WriteToBufferBytes(Buffer& buffer, const void* host_data, std::size_t bytes);
void ReadFromBufferBytes(Buffer& buffer, void* host_data, std::size_t bytes);

template <typename DType>
void WriteToBuffer(Buffer& buffer, const std::vector<DType>& host_buffer) {
    WriteToBufferBytes(buffer, host_buffer.data(), host_buffer.size() * sizeof(DType));
}
template <typename DType>
void WriteToBuffer(const std::shared_ptr<Buffer>& buffer, const std::vector<DType>& host_buffer) {
    WriteToBuffer(*buffer, host_buffer);
}
template <typename DType>
void ReadFromBuffer(Buffer& buffer, std::vector<DType>& host_buffer) {
    host_buffer.resize(buffer.size() / sizeof(DType));
    ReadFromBufferBytes(buffer, host_buffer.data(), host_buffer.size() * sizeof(DType));
}
template <typename DType>
void ReadFromBuffer(const std::shared_ptr<Buffer>& buffer, std::vector<DType>& host_buffer) {
    ReadFromBuffer(*buffer, host_buffer);
}

bool WriteToDeviceL1(IDevice* device, const CoreCoord& logical_core, std::uint32_t address,
                     std::vector<std::uint32_t>& host_buffer, CoreType core_type = CoreType::WORKER);
bool ReadFromDeviceL1(IDevice* device, const CoreCoord& logical_core, std::uint32_t address, std::uint32_t size,
                      std::vector<std::uint32_t>& host_buffer, CoreType core_type = CoreType::WORKER);

}  // namespace tt::tt_metal::detail
