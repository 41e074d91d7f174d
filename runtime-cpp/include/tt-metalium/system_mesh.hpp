// SystemMesh (tt-metalium/system_mesh.hpp): the physical chips the host sees, as a rows x cols mesh. In the
// emulator that is TT_EMU_MESH (for example "2x4"; default "4x8", a Galaxy), read once. Chips are numbered
// row-major. Must not open devices.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include <tt-metalium/mesh_config.hpp>
#include <tt-metalium/mesh_coord.hpp>

namespace tt::tt_metal::distributed {

class SystemMesh {
public:
    static SystemMesh& instance();
    SystemMesh(const SystemMesh&) = delete;
    SystemMesh& operator=(const SystemMesh&) = delete;

    const MeshShape& shape() const { return shape_; }
    const MeshShape& local_shape() const { return shape_; }
    const MeshShape& get_shape() const { return shape_; }
    std::size_t get_num_devices() const { return shape_.mesh_size(); }
    // TT_FATAL when `coord` is outside the system mesh.
    int get_physical_device_id(const MeshCoordinate& coord) const;
    // Physical chip ids (row-major) of a mesh of `shape` at `offset` (default (0, 0)). A shape that does not
    // fit as given but is a line (1xN or Nx1) of at most the system's chip count takes the first chips in
    // row-major order, as tt-metal maps lines onto a larger mesh. TT_FATAL when it does not fit.
    std::vector<int> get_mapped_physical_device_ids(const MeshShape& shape,
                                                    const std::optional<MeshCoordinate>& offset = std::nullopt) const;
    std::vector<int> get_mapped_physical_device_ids(const MeshDeviceConfig& config) const {
        return get_mapped_physical_device_ids(config.mesh_shape(), config.offset());
    }

private:
    SystemMesh();
    MeshShape shape_;
};

}  // namespace tt::tt_metal::distributed
