// Devices and dispatch: IDevice / MeshDevice lifetime, the in-order MeshCommandQueue, EnqueueMeshWorkload,
// Finish, the slow-dispatch detail:: helpers, and mesh coordinate types. Runs programs through ProgramRun.
#include <cstring>

#include <fmt/format.h>
#include <tt-metalium/distributed.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/mesh_command_queue.hpp>
#include <tt-metalium/mesh_device.hpp>
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
std::uint32_t IDevice::get_noc_unicast_encoding(std::uint8_t, const CoreCoord& core) const {
    return static_cast<std::uint32_t>((core.y << emu::kNocNodeBits) | core.x);
}
CoreCoord IDevice::worker_core_from_logical_core(const CoreCoord& logical_core) const {
    const auto& state = emu::device_state_of(this);
    TT_FATAL(state.is_worker(logical_core), "Logical core {} is outside the {}x{} worker grid", logical_core.str(),
             state.arch().grid_x, state.arch().grid_y);
    return state.worker_noc(logical_core);
}
CoreCoord IDevice::virtual_core_from_logical_core(const CoreCoord& logical_coord, const CoreType& core_type) const {
    if (core_type == CoreType::DRAM) return dram_core_from_dram_channel(static_cast<std::uint32_t>(logical_coord.x));
    return worker_core_from_logical_core(logical_coord);
}
CoreCoord IDevice::logical_core_from_dram_channel(std::uint32_t dram_channel) const { return {dram_channel, 0}; }
CoreCoord IDevice::dram_core_from_dram_channel(std::uint32_t dram_channel) const {
    const auto& state = emu::device_state_of(this);
    TT_FATAL(dram_channel < state.arch().dram_banks, "DRAM channel {} does not exist ({} channels)", dram_channel,
             state.arch().dram_banks);
    return state.dram_noc(dram_channel);
}
std::uint32_t IDevice::dram_channel_from_logical_core(const CoreCoord& logical_core) const {
    return static_cast<std::uint32_t>(logical_core.x);
}

std::size_t GetNumAvailableDevices() { return 1; }
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

namespace distributed {

// ---- mesh coordinates -----------------------------------------------------------------------------------
std::string MeshCoordinate::str() const {
    std::string s = "MeshCoordinate([";
    for (std::size_t i = 0; i < coords_.size(); ++i) s += fmt::format("{}{}", i ? ", " : "", coords_[i]);
    return s + "])";
}
MeshCoordinateRange::MeshCoordinateRange(const MeshShape& shape)
    : start_(MeshCoordinate::zero_coordinate(shape.dims())), end_(MeshCoordinate::zero_coordinate(shape.dims())) {
    std::vector<std::uint32_t> last;
    for (std::size_t i = 0; i < shape.dims(); ++i) last.push_back(shape[i] - 1);
    end_ = MeshCoordinate(last);
}
bool MeshCoordinateRange::contains(const MeshCoordinate& coord) const {
    if (coord.dims() != dims()) return false;
    for (std::size_t i = 0; i < dims(); ++i) {
        if (coord[i] < start_[i] || coord[i] > end_[i]) return false;
    }
    return true;
}
std::size_t MeshCoordinateRange::size() const {
    std::size_t n = 1;
    for (std::size_t i = 0; i < dims(); ++i) n *= end_[i] - start_[i] + 1;
    return n;
}
std::vector<MeshCoordinate> MeshCoordinateRange::coordinates() const {
    std::vector<MeshCoordinate> result;
    std::vector<std::uint32_t> current = start_.coords();
    for (std::size_t n = 0; n < size(); ++n) {
        result.emplace_back(current);
        for (std::size_t d = dims(); d-- > 0;) {
            if (current[d] < end_[d]) {
                ++current[d];
                break;
            }
            current[d] = start_[d];
        }
    }
    return result;
}
std::string MeshCoordinateRange::str() const { return "MeshCoordinateRange(" + start_.str() + ", " + end_.str() + ")"; }

void MeshWorkload::add_program(const MeshCoordinateRange& device_range, Program&& program) {
    TT_FATAL(programs_.count(device_range) == 0, "A program is already assigned to {}", device_range.str());
    programs_.emplace(device_range, std::move(program));
}

// ---- MeshDevice -----------------------------------------------------------------------------------------
MeshDevice::MeshDevice(int device_id, std::shared_ptr<emu::DeviceState> state, MeshShape shape)
    : IDevice(device_id, std::move(state)), shape_(std::move(shape)) {
    command_queue_ = std::make_unique<MeshCommandQueue>(this);
}

MeshDevice::~MeshDevice() {
    try {
        close();
    } catch (...) {
        // A fault nobody waited for; the destructor must not throw.
    }
}

std::shared_ptr<MeshDevice> MeshDevice::create(const MeshDeviceConfig& config, std::size_t, std::size_t, std::size_t,
                                               const DispatchCoreConfig&, tt::stl::Span<const std::uint32_t>,
                                               std::size_t) {
    TT_FATAL(config.mesh_shape().mesh_size() == 1, "The emulator opens 1x1 meshes only (asked for {} devices)",
             config.mesh_shape().mesh_size());
    const int id = config.physical_device_ids().empty() ? 0 : config.physical_device_ids().front();
    return std::make_shared<MeshDevice>(id, std::make_shared<emu::DeviceState>(id), config.mesh_shape());
}

std::shared_ptr<MeshDevice> MeshDevice::create_unit_mesh(int device_id, std::size_t, std::size_t, std::size_t,
                                                         const DispatchCoreConfig&, tt::stl::Span<const std::uint32_t>,
                                                         std::size_t) {
    return std::make_shared<MeshDevice>(device_id, std::make_shared<emu::DeviceState>(device_id), MeshShape(1, 1));
}

std::map<int, std::shared_ptr<MeshDevice>> MeshDevice::create_unit_meshes(
    const std::vector<int>& device_ids, std::size_t l1_small_size, std::size_t trace_region_size,
    std::size_t num_command_queues, const DispatchCoreConfig& dispatch_core_config,
    tt::stl::Span<const std::uint32_t> l1_bank_remap, std::size_t worker_l1_size) {
    std::map<int, std::shared_ptr<MeshDevice>> meshes;
    for (int id : device_ids) {
        meshes[id] = create_unit_mesh(id, l1_small_size, trace_region_size, num_command_queues, dispatch_core_config,
                                      l1_bank_remap, worker_l1_size);
    }
    return meshes;
}

bool MeshDevice::close() {
    if (state_ == nullptr) return true;
    auto queue = std::move(command_queue_);
    release_state();
    if (queue) queue->wait_for_running_workload();
    return true;
}

MeshCommandQueue& MeshDevice::mesh_command_queue(std::optional<std::uint8_t> cq_id) const {
    TT_FATAL(command_queue_ != nullptr, "Mesh device {} is closed", id_);
    TT_FATAL(!cq_id.has_value() || *cq_id == 0, "The emulator has one command queue (asked for {})", *cq_id);
    return *command_queue_;
}

// ---- MeshCommandQueue -----------------------------------------------------------------------------------
MeshCommandQueue::MeshCommandQueue(MeshDevice* device, std::uint32_t id) : device_(device), id_(id) {}
MeshCommandQueue::~MeshCommandQueue() = default;

void MeshCommandQueue::wait_for_running_workload() {
    if (!running_) return;
    auto run = std::move(running_);
    run->wait();
}

void MeshCommandQueue::enqueue_mesh_workload(MeshWorkload& mesh_workload, bool blocking) {
    for (auto& [range, program] : mesh_workload.get_programs()) {
        wait_for_running_workload();
        auto run = std::make_unique<emu::ProgramRun>(emu::shared_device_state(device_), program);
        run->start();
        running_ = std::move(run);
    }
    if (blocking) wait_for_running_workload();
}

void MeshCommandQueue::write_buffer_bytes(const std::shared_ptr<MeshBuffer>& buffer, const void* host_data,
                                          std::size_t bytes) {
    wait_for_running_workload();
    emu::write_buffer(*buffer->get_backing_buffer(), host_data, bytes);
}
void MeshCommandQueue::read_buffer_bytes(void* host_data, const std::shared_ptr<MeshBuffer>& buffer,
                                         std::size_t bytes) {
    wait_for_running_workload();
    emu::read_buffer(*buffer->get_backing_buffer(), host_data, bytes);
}
void MeshCommandQueue::enqueue_write_mesh_buffer(const std::shared_ptr<MeshBuffer>& buffer, const void* host_data,
                                                 bool) {
    write_buffer_bytes(buffer, host_data, buffer->device_local_size());
}
void MeshCommandQueue::enqueue_read_mesh_buffer(void* host_data, const std::shared_ptr<MeshBuffer>& buffer, bool) {
    read_buffer_bytes(host_data, buffer, buffer->device_local_size());
}
void MeshCommandQueue::finish(tt::stl::Span<const SubDeviceId>) { wait_for_running_workload(); }

void EnqueueMeshWorkload(MeshCommandQueue& mesh_cq, MeshWorkload& mesh_workload, bool blocking) {
    mesh_cq.enqueue_mesh_workload(mesh_workload, blocking);
}
void Finish(MeshCommandQueue& mesh_cq, tt::stl::Span<const SubDeviceId> sub_device_ids) {
    mesh_cq.finish(sub_device_ids);
}
void Synchronize(MeshDevice* device, std::optional<std::uint8_t> cq_id, tt::stl::Span<const SubDeviceId> sub_device_ids) {
    device->mesh_command_queue(cq_id).finish(sub_device_ids);
}

}  // namespace distributed
}  // namespace tt::tt_metal
