// Single chips: IDevice queries, the legacy CreateDevice/CloseDevice and the slow-dispatch detail:: helpers.
// Meshes live in mesh_devices.cpp and mesh_queue.cpp. Runs programs through ProgramRun.
#include <cstring>

#include <fmt/format.h>
#include <tt-metalium/distributed.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/mesh_command_queue.hpp>
#include <tt-metalium/mesh_device.hpp>
#include <tt-metalium/system_mesh.hpp>
#include <tt-metalium/tt_metal.hpp>
#include <tt_stl/assert.hpp>

#include "device_state.hpp"
#include "host_internal.hpp"
#include "program_run.hpp"

namespace emu {

DeviceState& device_state_of(const tt::tt_metal::IDevice* device) { return *shared_device_state(device); }

std::shared_ptr<DeviceState> shared_device_state(const tt::tt_metal::IDevice* device) {
    TT_FATAL(device != nullptr, "No device given");
    auto state = device->emulator_state();
    TT_FATAL(state != nullptr, "Device {} is closed", device->id());
    return state;
}

}  // namespace emu

namespace tt::tt_metal {

// ---- IDevice --------------------------------------------------------------------------------------------
IDevice::IDevice(ChipId id, std::shared_ptr<emu::DeviceState> state) : id_(id), state_(std::move(state)) {
    const auto& arch = state_->arch();
    Allocator::Layout layout;
    layout.dram_alignment = arch.dram_alignment;
    layout.l1_alignment = arch.l1_alignment;
    layout.dram_banks = arch.dram_banks;
    layout.l1_banks = arch.grid_x * arch.grid_y;
    layout.dram_bank_size = arch.dram_bank_size - emu::kDramUnreservedBase;
    layout.l1_bank_size = arch.l1_size - emu::kL1UnreservedBase;
    layout.dram_unreserved_base = emu::kDramUnreservedBase;
    layout.l1_unreserved_base = emu::kL1UnreservedBase;
    allocator_ = std::make_unique<Allocator>(layout);
}
IDevice::~IDevice() = default;
void IDevice::release_state() { state_.reset(); }

tt::ARCH IDevice::arch() const { return emu::device_state_of(this).arch().arch; }
CoreCoord IDevice::grid_size() const { return compute_with_storage_grid_size(); }
CoreCoord IDevice::logical_grid_size() const { return compute_with_storage_grid_size(); }
CoreCoord IDevice::compute_with_storage_grid_size() const {
    const auto& arch = emu::device_state_of(this).arch();
    return {arch.grid_x, arch.grid_y};
}
CoreCoord IDevice::dram_grid_size() const { return {emu::device_state_of(this).arch().dram_banks, 1}; }
std::uint32_t IDevice::num_dram_channels() const { return emu::device_state_of(this).arch().dram_banks; }
std::uint32_t IDevice::l1_size_per_core() const { return emu::device_state_of(this).arch().l1_size; }
std::uint64_t IDevice::dram_size_per_channel() const { return emu::device_state_of(this).arch().dram_bank_size; }
std::size_t GetNumAvailableDevices() { return distributed::SystemMesh::instance().get_num_devices(); }
std::size_t GetNumPCIeDevices() { return 1; }

IDevice* CreateDevice(ChipId device_id, std::uint8_t, std::size_t, std::size_t, const DispatchCoreConfig&,
                      const std::vector<std::uint32_t>&, std::size_t) {
    return new IDevice(device_id, std::make_shared<emu::DeviceState>(device_id));
}

bool CloseDevice(IDevice* device) {
    delete device;
    return true;
}

// ---- slow dispatch --------------------------------------------------------------------------------------
namespace detail {
void LaunchProgram(IDevice* device, Program& program, bool wait_until_cores_done, bool) {
    emu::ProgramRun run(emu::shared_device_state(device), program);
    run.start();
    (void)wait_until_cores_done;  // the run object owns the threads, so it always completes here
    run.wait();
}
void WaitProgramDone(IDevice*, Program&, bool) {}
bool CompileProgram(IDevice* device, Program& program, bool) {
    emu::ProgramRun run(emu::shared_device_state(device), program);
    return true;
}
bool WriteToDeviceL1(IDevice* device, const CoreCoord& logical_core, std::uint32_t address,
                     std::vector<std::uint32_t>& host_buffer, CoreType) {
    auto& state = emu::device_state_of(device);
    TT_FATAL(state.is_worker(logical_core), "Core {} is not a worker core", logical_core.str());
    TT_FATAL(address + host_buffer.size() * 4 <= state.arch().l1_size, "L1 write of {} B at {:#x} exceeds L1",
             host_buffer.size() * 4, address);
    std::memcpy(state.l1(logical_core) + address, host_buffer.data(), host_buffer.size() * 4);
    return true;
}
bool ReadFromDeviceL1(IDevice* device, const CoreCoord& logical_core, std::uint32_t address, std::uint32_t size,
                      std::vector<std::uint32_t>& host_buffer, CoreType) {
    auto& state = emu::device_state_of(device);
    TT_FATAL(state.is_worker(logical_core), "Core {} is not a worker core", logical_core.str());
    TT_FATAL(address + size <= state.arch().l1_size, "L1 read of {} B at {:#x} exceeds L1", size, address);
    host_buffer.resize(size / 4);
    std::memcpy(host_buffer.data(), state.l1(logical_core) + address, host_buffer.size() * 4);
    return true;
}
}  // namespace detail

}  // namespace tt::tt_metal
