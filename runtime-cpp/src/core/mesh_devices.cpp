// Meshes of emulated chips: SystemMesh (TT_EMU_MESH), MeshDevice creation (mesh, unit meshes, submeshes),
// chip lookup by coordinate or id, and close. Chips are created idle: memory is reserved, not touched, and
// no thread starts until a program runs. Must not run programs or move data (mesh_queue.cpp does).
#include <algorithm>
#include <cstdlib>
#include <set>
#include <string_view>

#include <fmt/format.h>
#include <fmt/ostream.h>
#include <tt-metalium/distributed.hpp>
#include <tt-metalium/mesh_command_queue.hpp>
#include <tt-metalium/mesh_device.hpp>
#include <tt-metalium/system_mesh.hpp>
#include <tt_stl/assert.hpp>

#include "device_state.hpp"
#include "emu/fault.hpp"

namespace tt::tt_metal::distributed {

namespace {

constexpr std::uint32_t kMaxMeshSide = 8;
constexpr std::size_t kMaxChips = 32;

// "RxC" from TT_EMU_MESH, default 4x8 (a Galaxy).
MeshShape system_mesh_from_environment() {
    const char* value = std::getenv("TT_EMU_MESH");
    if (value == nullptr || *value == '\0') return MeshShape(4, 8);
    unsigned rows = 0, cols = 0;
    char separator = 0, extra = 0;
    const int parsed = std::sscanf(value, "%u%c%u%c", &rows, &separator, &cols, &extra);
    if (parsed != 3 || (separator != 'x' && separator != 'X') || rows == 0 || cols == 0 || rows > kMaxMeshSide ||
        cols > kMaxMeshSide || std::size_t{rows} * cols > kMaxChips) {
        throw emu::Fault("configuration",
                         fmt::format("TT_EMU_MESH='{}' is not a mesh shape ROWSxCOLS of at most {} chips with sides "
                                     "of 1..{} (for example 1x2, 2x4, 4x8)",
                                     value, kMaxChips, kMaxMeshSide));
    }
    return MeshShape(rows, cols);
}

void check_two_dimensional(const MeshShape& shape, const char* what) {
    TT_FATAL(shape.dims() == 2, "{}: the emulator opens 2-D meshes (rows x cols); got {}", what, fmt::streamed(shape));
    TT_FATAL(shape[0] > 0 && shape[1] > 0, "{}: mesh shape {} is empty", what, fmt::streamed(shape));
}

std::shared_ptr<MeshDevice> open_chips(const std::vector<int>& ids, const MeshShape& shape) {
    auto addresses = std::make_shared<emu::AddressSpace>(emu::arch_from_environment());
    std::vector<std::shared_ptr<IDevice>> chips;
    chips.reserve(ids.size());
    for (int id : ids) chips.push_back(std::make_shared<IDevice>(id, std::make_shared<emu::DeviceState>(id, addresses)));
    return std::make_shared<MeshDevice>(ids.front(), std::move(chips), shape);
}

}  // namespace

// ---- SystemMesh -------------------------------------------------------------------------------------------
SystemMesh::SystemMesh() : shape_(system_mesh_from_environment()) {}

SystemMesh& SystemMesh::instance() {
    static SystemMesh mesh;
    return mesh;
}

int SystemMesh::get_physical_device_id(const MeshCoordinate& coord) const {
    TT_FATAL(coord.dims() == 2 && coord[0] < shape_[0] && coord[1] < shape_[1],
             "{} lies outside the system mesh {} (TT_EMU_MESH)", coord.str(), fmt::streamed(shape_));
    return static_cast<int>(coord[0] * shape_[1] + coord[1]);
}

std::vector<int> SystemMesh::get_mapped_physical_device_ids(const MeshShape& shape,
                                                            const std::optional<MeshCoordinate>& offset) const {
    check_two_dimensional(shape, "SystemMesh");
    const MeshCoordinate origin = offset.value_or(MeshCoordinate(0, 0));
    TT_FATAL(origin.dims() == 2, "SystemMesh: offset {} is not 2-D", origin.str());
    std::vector<int> ids;
    if (origin[0] + shape[0] <= shape_[0] && origin[1] + shape[1] <= shape_[1]) {
        for (std::uint32_t r = 0; r < shape[0]; ++r) {
            for (std::uint32_t c = 0; c < shape[1]; ++c) {
                ids.push_back(get_physical_device_id(MeshCoordinate(origin[0] + r, origin[1] + c)));
            }
        }
        return ids;
    }
    const bool line = shape[0] == 1 || shape[1] == 1;
    const std::size_t first = origin[0] * shape_[1] + origin[1];
    TT_FATAL(line && first + shape.mesh_size() <= shape_.mesh_size(),
             "A {} mesh at {} does not fit the system mesh {}. The emulator's system mesh is TT_EMU_MESH (default "
             "4x8); set it to a larger shape (at most {} chips)",
             fmt::streamed(shape), origin.str(), fmt::streamed(shape_), kMaxChips);
    for (std::size_t i = 0; i < shape.mesh_size(); ++i) ids.push_back(static_cast<int>(first + i));
    return ids;
}

// ---- MeshDevice -------------------------------------------------------------------------------------------
MeshDevice::MeshDevice(int mesh_id, std::vector<std::shared_ptr<IDevice>> chips, MeshShape shape,
                       std::shared_ptr<MeshDevice> parent)
    : IDevice(mesh_id, chips.at(0)->emulator_state()),
      shape_(std::move(shape)),
      chips_(std::move(chips)),
      parent_(std::move(parent)) {
    TT_FATAL(chips_.size() == shape_.mesh_size(), "MeshDevice: {} chips for a {} mesh", chips_.size(),
             fmt::streamed(shape_));
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
    const MeshShape& shape = config.mesh_shape();
    check_two_dimensional(shape, "MeshDevice::create");
    const auto& system = SystemMesh::instance();
    std::vector<int> ids = config.physical_device_ids();
    if (ids.empty()) {
        ids = system.get_mapped_physical_device_ids(shape, config.offset());
    } else {
        TT_FATAL(ids.size() == shape.mesh_size(), "MeshDevice::create: {} physical device ids for a {} mesh",
                 ids.size(), fmt::streamed(shape));
        for (int id : ids) {
            TT_FATAL(id >= 0 && static_cast<std::size_t>(id) < system.get_num_devices(),
                     "Physical device id {} does not exist: the system mesh {} (TT_EMU_MESH) has ids 0..{}", id,
                     fmt::streamed(system.shape()), system.get_num_devices() - 1);
        }
        TT_FATAL(std::set<int>(ids.begin(), ids.end()).size() == ids.size(),
                 "MeshDevice::create: physical device ids repeat");
    }
    return open_chips(ids, shape);
}

std::shared_ptr<MeshDevice> MeshDevice::create_unit_mesh(int device_id, std::size_t l1_small_size,
                                                         std::size_t trace_region_size, std::size_t num_command_queues,
                                                         const DispatchCoreConfig& dispatch_core_config,
                                                         tt::stl::Span<const std::uint32_t> l1_bank_remap,
                                                         std::size_t worker_l1_size) {
    return create(MeshDeviceConfig(MeshShape(1, 1), std::nullopt, {device_id}), l1_small_size, trace_region_size,
                  num_command_queues, dispatch_core_config, l1_bank_remap, worker_l1_size);
}

std::map<int, std::shared_ptr<MeshDevice>> MeshDevice::create_unit_meshes(
    const std::vector<int>& device_ids, std::size_t l1_small_size, std::size_t trace_region_size,
    std::size_t num_command_queues, const DispatchCoreConfig& dispatch_core_config,
    tt::stl::Span<const std::uint32_t> l1_bank_remap, std::size_t worker_l1_size) {
    std::map<int, std::shared_ptr<MeshDevice>> meshes;
    for (int id : device_ids) {
        TT_FATAL(meshes.count(id) == 0, "create_unit_meshes: device id {} is listed twice", id);
        meshes[id] = create_unit_mesh(id, l1_small_size, trace_region_size, num_command_queues, dispatch_core_config,
                                      l1_bank_remap, worker_l1_size);
    }
    return meshes;
}

bool MeshDevice::close() {
    if (state_ == nullptr) return true;
    auto queue = std::move(command_queue_);
    release_state();
    if (is_parent_mesh()) {
        for (auto& chip : chips_) chip->release_state();
    }
    if (queue) queue->wait_for_running_workload();
    return true;
}

MeshCommandQueue& MeshDevice::mesh_command_queue(std::optional<std::uint8_t> cq_id) const {
    TT_FATAL(command_queue_ != nullptr, "Mesh device {} is closed", id_);
    TT_FATAL(!cq_id.has_value() || *cq_id == 0, "The emulator has one command queue (asked for {})", *cq_id);
    return *command_queue_;
}

std::size_t MeshDevice::chip_index(const MeshCoordinate& coord) const {
    TT_FATAL(coord.dims() == 2 && coord[0] < shape_[0] && coord[1] < shape_[1], "{} lies outside the {} mesh",
             coord.str(), fmt::streamed(shape_));
    return coord[0] * shape_[1] + coord[1];
}

std::vector<IDevice*> MeshDevice::get_devices() const {
    std::vector<IDevice*> devices;
    for (const auto& chip : chips_) devices.push_back(chip.get());
    return devices;
}

IDevice* MeshDevice::get_device(const MeshCoordinate& coord) const { return chips_[chip_index(coord)].get(); }

IDevice* MeshDevice::get_device(std::size_t row_idx, std::size_t col_idx) const {
    return get_device(MeshCoordinate(static_cast<std::uint32_t>(row_idx), static_cast<std::uint32_t>(col_idx)));
}

IDevice* MeshDevice::get_device(ChipId physical_device_id) const {
    for (const auto& chip : chips_) {
        if (chip->id() == physical_device_id) return chip.get();
    }
    return nullptr;
}

std::vector<int> MeshDevice::get_device_ids() const {
    std::vector<int> ids;
    for (const auto& chip : chips_) ids.push_back(chip->id());
    return ids;
}

bool MeshDevice::is_local(const MeshCoordinate& coord) const {
    chip_index(coord);
    return true;
}

std::string MeshDevice::to_string() const {
    return fmt::format("MeshDevice({}x{} grid, {} devices)", num_rows(), num_cols(), num_devices());
}

std::shared_ptr<MeshDevice> MeshDevice::create_submesh(const MeshShape& submesh_shape,
                                                       const std::optional<MeshCoordinate>& offset) {
    TT_FATAL(is_open(), "Mesh device {} is closed", id_);
    check_two_dimensional(submesh_shape, "create_submesh");
    const MeshCoordinate origin = offset.value_or(MeshCoordinate(0, 0));
    TT_FATAL(origin.dims() == 2 && origin[0] + submesh_shape[0] <= shape_[0] &&
                 origin[1] + submesh_shape[1] <= shape_[1],
             "A {} submesh at {} does not fit the {} mesh", fmt::streamed(submesh_shape), origin.str(),
             fmt::streamed(shape_));
    std::vector<std::shared_ptr<IDevice>> chips;
    for (std::uint32_t r = 0; r < submesh_shape[0]; ++r) {
        for (std::uint32_t c = 0; c < submesh_shape[1]; ++c) {
            chips.push_back(chips_[chip_index(MeshCoordinate(origin[0] + r, origin[1] + c))]);
        }
    }
    const int id = chips.front()->id();
    auto submesh = std::make_shared<MeshDevice>(id, std::move(chips), submesh_shape, shared_from_this());
    submeshes_.push_back(submesh);
    return submesh;
}

std::vector<std::shared_ptr<MeshDevice>> MeshDevice::create_submeshes(const MeshShape& submesh_shape) {
    check_two_dimensional(submesh_shape, "create_submeshes");
    TT_FATAL(shape_[0] % submesh_shape[0] == 0 && shape_[1] % submesh_shape[1] == 0,
             "create_submeshes: {} does not tile the {} mesh", fmt::streamed(submesh_shape), fmt::streamed(shape_));
    std::vector<std::shared_ptr<MeshDevice>> submeshes;
    for (std::uint32_t r = 0; r < shape_[0]; r += submesh_shape[0]) {
        for (std::uint32_t c = 0; c < shape_[1]; c += submesh_shape[1]) {
            submeshes.push_back(create_submesh(submesh_shape, MeshCoordinate(r, c)));
        }
    }
    return submeshes;
}

std::vector<std::shared_ptr<MeshDevice>> MeshDevice::get_submeshes() const {
    std::vector<std::shared_ptr<MeshDevice>> alive;
    for (const auto& submesh : submeshes_) {
        if (auto locked = submesh.lock()) alive.push_back(locked);
    }
    return alive;
}

}  // namespace tt::tt_metal::distributed
