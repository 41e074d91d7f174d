// Device profiler entry points. The emulator has no cycle counters, so reading results is a no-op.
#pragma once

#include <tt-metalium/device.hpp>

namespace tt::tt_metal {
namespace distributed {
class MeshDevice;
}
enum class ProfilerReadState { NORMAL, ONLY_DISPATCH_CORES, LAST_FD_READ };
inline void ReadMeshDeviceProfilerResults(distributed::MeshDevice&, ProfilerReadState = ProfilerReadState::NORMAL) {}
namespace detail {
inline void ReadDeviceProfilerResults(IDevice*, ProfilerReadState = ProfilerReadState::NORMAL) {}
inline void SetDeviceProfilerDir(const std::string& = "") {}
inline void FreshProfilerDeviceLog() {}
}  // namespace detail
}  // namespace tt::tt_metal
