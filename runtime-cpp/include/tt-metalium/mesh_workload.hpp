// MeshWorkload: programs keyed by the range of mesh coordinates (chips) each runs on. Ranges must not
// overlap; EnqueueMeshWorkload checks them against the mesh.
#pragma once

#include <unordered_map>

#include <tt-metalium/host_api.hpp>
#include <tt-metalium/mesh_buffer.hpp>
#include <tt-metalium/mesh_coord.hpp>
#include <tt-metalium/mesh_device.hpp>
#include <tt-metalium/program.hpp>

namespace tt::tt_metal::distributed {

class MeshWorkload {
public:
    MeshWorkload() = default;
    explicit MeshWorkload(Program&& program,
                          const MeshCoordinateRange& device_range = MeshCoordinateRange(MeshCoordinate(0, 0),
                                                                                        MeshCoordinate(0, 0)));
    MeshWorkload(MeshWorkload&&) noexcept = default;
    MeshWorkload& operator=(MeshWorkload&&) noexcept = default;
    // TT_FATAL when `device_range` overlaps a range already in the workload.
    void add_program(const MeshCoordinateRange& device_range, Program&& program);
    std::unordered_map<MeshCoordinateRange, Program>& get_programs() { return programs_; }
    const std::unordered_map<MeshCoordinateRange, Program>& get_programs() const { return programs_; }

private:
    std::unordered_map<MeshCoordinateRange, Program> programs_;
};

}  // namespace tt::tt_metal::distributed
