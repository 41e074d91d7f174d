// Mesh-level entry points: EnqueueMeshWorkload, EnqueueWrite/ReadMeshBuffer, WriteShard/ReadShard, Finish.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include <tt-metalium/mesh_buffer.hpp>
#include <tt-metalium/mesh_command_queue.hpp>
#include <tt-metalium/mesh_coord.hpp>
#include <tt-metalium/mesh_device.hpp>
#include <tt-metalium/mesh_workload.hpp>
#include <tt_stl/span.hpp>

namespace tt::tt_metal::distributed {

void EnqueueMeshWorkload(MeshCommandQueue& mesh_cq, MeshWorkload& mesh_workload, bool blocking);

template <typename DType>
void EnqueueWriteMeshBuffer(MeshCommandQueue& mesh_cq, std::shared_ptr<MeshBuffer>& mesh_buffer,
                            const std::vector<DType>& src, bool blocking = false) {
    (void)blocking;
    mesh_cq.write_buffer_bytes(mesh_buffer, src.data(), src.size() * sizeof(DType));
}

template <typename DType>
void EnqueueReadMeshBuffer(MeshCommandQueue& mesh_cq, std::vector<DType>& dst,
                           std::shared_ptr<MeshBuffer>& mesh_buffer, bool blocking = true) {
    (void)blocking;
    dst.resize(mesh_buffer->size() / sizeof(DType));
    mesh_cq.read_buffer_bytes(dst.data(), mesh_buffer, dst.size() * sizeof(DType));
}

template <typename DType>
void WriteShard(MeshCommandQueue& mesh_cq, const std::shared_ptr<MeshBuffer>& mesh_buffer, std::vector<DType>& src,
                const MeshCoordinate& coord, bool blocking = false) {
    (void)coord;
    (void)blocking;
    mesh_cq.write_buffer_bytes(mesh_buffer, src.data(), src.size() * sizeof(DType));
}

template <typename DType>
void ReadShard(MeshCommandQueue& mesh_cq, std::vector<DType>& dst, const std::shared_ptr<MeshBuffer>& mesh_buffer,
               const MeshCoordinate& coord, bool blocking = true) {
    (void)coord;
    (void)blocking;
    dst.resize(mesh_buffer->device_local_size() / sizeof(DType));
    mesh_cq.read_buffer_bytes(dst.data(), mesh_buffer, dst.size() * sizeof(DType));
}

void Finish(MeshCommandQueue& mesh_cq, tt::stl::Span<const SubDeviceId> sub_device_ids = {});
void Synchronize(MeshDevice* device, std::optional<std::uint8_t> cq_id,
                 tt::stl::Span<const SubDeviceId> sub_device_ids = {});

}  // namespace tt::tt_metal::distributed
