// MeshDevice: a rows x cols mesh of emulated chips (up to the system mesh, TT_EMU_MESH, default 4x8) with its
// command queue. Each chip has its own DRAM, L1, worker grid and kernel threads; the chips of a mesh share
// one address allocator so a mesh buffer sits at the same address on all of them, as on hardware. The mesh
// itself is also an IDevice answering for its first chip (grid, allocator, NoC coordinates), as tt-metal's
// reference device does. Submeshes view a rectangle of their parent's chips.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <hostdevcommon/common_values.hpp>
#include <tt-metalium/device.hpp>
#include <tt-metalium/dispatch_core_common.hpp>
#include <tt-metalium/mesh_config.hpp>
#include <tt-metalium/mesh_coord.hpp>
#include <tt_stl/span.hpp>

namespace tt::tt_metal::distributed {

class MeshCommandQueue;

class MeshDevice : public IDevice, public std::enable_shared_from_this<MeshDevice> {
public:
    static std::shared_ptr<MeshDevice> create(const MeshDeviceConfig& config,
                                              std::size_t l1_small_size = DEFAULT_L1_SMALL_SIZE,
                                              std::size_t trace_region_size = DEFAULT_TRACE_REGION_SIZE,
                                              std::size_t num_command_queues = 1,
                                              const DispatchCoreConfig& dispatch_core_config = DispatchCoreConfig{},
                                              tt::stl::Span<const std::uint32_t> l1_bank_remap = {},
                                              std::size_t worker_l1_size = DEFAULT_WORKER_L1_SIZE);
    static std::shared_ptr<MeshDevice> create_unit_mesh(
        int device_id, std::size_t l1_small_size = DEFAULT_L1_SMALL_SIZE,
        std::size_t trace_region_size = DEFAULT_TRACE_REGION_SIZE, std::size_t num_command_queues = 1,
        const DispatchCoreConfig& dispatch_core_config = DispatchCoreConfig{},
        tt::stl::Span<const std::uint32_t> l1_bank_remap = {}, std::size_t worker_l1_size = DEFAULT_WORKER_L1_SIZE);
    static std::map<int, std::shared_ptr<MeshDevice>> create_unit_meshes(
        const std::vector<int>& device_ids, std::size_t l1_small_size = DEFAULT_L1_SMALL_SIZE,
        std::size_t trace_region_size = DEFAULT_TRACE_REGION_SIZE, std::size_t num_command_queues = 1,
        const DispatchCoreConfig& dispatch_core_config = DispatchCoreConfig{},
        tt::stl::Span<const std::uint32_t> l1_bank_remap = {}, std::size_t worker_l1_size = DEFAULT_WORKER_L1_SIZE);

    // Emulator only: use create / create_unit_mesh. `chips` are row-major over `shape`.
    MeshDevice(int mesh_id, std::vector<std::shared_ptr<IDevice>> chips, MeshShape shape,
               std::shared_ptr<MeshDevice> parent = nullptr);
    ~MeshDevice() override;
    MeshDevice(const MeshDevice&) = delete;
    MeshDevice& operator=(const MeshDevice&) = delete;

    // Waits for queued work (rethrowing its fault), then releases the chips (a submesh releases only its view).
    bool close();
    bool is_open() const { return state_ != nullptr; }
    MeshCommandQueue& mesh_command_queue(std::optional<std::uint8_t> cq_id = std::nullopt) const;

    const MeshShape& shape() const { return shape_; }
    std::size_t num_devices() const { return shape_.mesh_size(); }
    std::size_t num_rows() const { return shape_[0]; }
    std::size_t num_cols() const { return shape_[1]; }
    // The chips in row-major order.
    std::vector<IDevice*> get_devices() const;
    IDevice* get_device(const MeshCoordinate& coord) const;
    IDevice* get_device(std::size_t row_idx, std::size_t col_idx) const;
    // By physical chip id (as SystemMesh numbers them); nullptr if the chip is not in this mesh.
    IDevice* get_device(ChipId physical_device_id) const;
    std::vector<int> get_device_ids() const;
    // Every chip is local in the emulator; TT_FATAL when `coord` lies outside the mesh.
    bool is_local(const MeshCoordinate& coord) const;
    std::string to_string() const;

    bool is_parent_mesh() const { return parent_ == nullptr; }
    // A view of the `submesh_shape` rectangle of this mesh at `offset` (default (0, 0)); shares its chips.
    std::shared_ptr<MeshDevice> create_submesh(const MeshShape& submesh_shape,
                                               const std::optional<MeshCoordinate>& offset = std::nullopt);
    // Tiles the mesh with submeshes of `submesh_shape`, row-major.
    std::vector<std::shared_ptr<MeshDevice>> create_submeshes(const MeshShape& submesh_shape);
    std::vector<std::shared_ptr<MeshDevice>> get_submeshes() const;

private:
    std::size_t chip_index(const MeshCoordinate& coord) const;

    MeshShape shape_;
    std::vector<std::shared_ptr<IDevice>> chips_;
    std::shared_ptr<MeshDevice> parent_;
    std::vector<std::weak_ptr<MeshDevice>> submeshes_;
    std::unique_ptr<MeshCommandQueue> command_queue_;
};

}  // namespace tt::tt_metal::distributed
