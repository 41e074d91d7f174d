// SystemMesh (tt-metalium/system_mesh.hpp): the physical devices the host sees, as a mesh. The emulator
// is one chip, so the system mesh is 1x1 holding device 0. Must not open devices.
#pragma once

#include <optional>
#include <stdexcept>
#include <vector>

#include <tt-metalium/mesh_coord.hpp>

namespace tt::tt_metal::distributed {

class SystemMesh {
public:
    static SystemMesh& instance() {
        static SystemMesh mesh;
        return mesh;
    }
    SystemMesh(const SystemMesh&) = delete;
    SystemMesh& operator=(const SystemMesh&) = delete;

    const MeshShape& shape() const { return shape_; }
    const MeshShape& local_shape() const { return shape_; }
    // Physical device ids of a sub-mesh of `shape` at `offset`; only the 1x1 mesh at (0, 0) exists.
    std::vector<int> get_mapped_physical_device_ids(const MeshShape& shape,
                                                    const std::optional<MeshCoordinate>& offset = std::nullopt) const {
        (void)offset;
        if (shape.mesh_size() != 1) {
            throw std::invalid_argument("SystemMesh: the emulator has a single device (a 1x1 system mesh)");
        }
        return {0};
    }

private:
    SystemMesh() : shape_(1, 1) {}
    MeshShape shape_;
};

}  // namespace tt::tt_metal::distributed
