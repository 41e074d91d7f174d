// MeshDeviceConfig: the mesh shape to open, where in the system mesh it sits (offset), and optionally which
// physical chips.
#pragma once

#include <optional>
#include <vector>

#include <tt-metalium/mesh_coord.hpp>

namespace tt::tt_metal::distributed {
class MeshDeviceConfig {
public:
    explicit MeshDeviceConfig(const MeshShape& mesh_shape, const std::optional<MeshCoordinate>& offset = std::nullopt,
                              const std::vector<int>& physical_device_ids = {})
        : shape_(mesh_shape), offset_(offset), physical_device_ids_(physical_device_ids) {}
    const MeshShape& mesh_shape() const { return shape_; }
    const std::optional<MeshCoordinate>& offset() const { return offset_; }
    const std::vector<int>& physical_device_ids() const { return physical_device_ids_; }

private:
    MeshShape shape_;
    std::optional<MeshCoordinate> offset_;
    std::vector<int> physical_device_ids_;
};
}  // namespace tt::tt_metal::distributed
