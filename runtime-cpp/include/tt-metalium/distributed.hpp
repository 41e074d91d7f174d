// Mesh-level entry points, as tt-metal's distributed.hpp: EnqueueMeshWorkload, EnqueueWrite/ReadMeshBuffer,
// WriteShard/ReadShard (one chip's buffer, by mesh coordinate), Finish, Synchronize. The templates check
// that the host vector covers what the call transfers (tt-metal would read or write past its end).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include <tt-metalium/buffer.hpp>
#include <tt-metalium/mesh_buffer.hpp>
#include <tt-metalium/mesh_command_queue.hpp>
#include <tt-metalium/mesh_coord.hpp>
#include <tt-metalium/mesh_device.hpp>
#include <tt-metalium/mesh_workload.hpp>
#include <tt-metalium/sub_device_types.hpp>
#include <tt_stl/assert.hpp>
#include <tt_stl/span.hpp>

namespace tt::tt_metal::distributed {

// Older releases' free-function forms of MeshWorkload's constructor and add_program (kept for examples
// written against them).
MeshWorkload CreateMeshWorkload();
void AddProgramToMeshWorkload(MeshWorkload& mesh_workload, Program&& program, const MeshCoordinateRange& device_range);

void EnqueueMeshWorkload(MeshCommandQueue& mesh_cq, MeshWorkload& mesh_workload, bool blocking);

template <typename DType>
void WriteShard(MeshCommandQueue& mesh_cq, const std::shared_ptr<MeshBuffer>& mesh_buffer, std::vector<DType>& src,
                const MeshCoordinate& coord, bool blocking = false) {
    TT_FATAL(src.size() * sizeof(DType) >= mesh_buffer->device_local_size(),
             "WriteShard: the host vector holds {} B but a shard of this buffer is {} B", src.size() * sizeof(DType),
             mesh_buffer->device_local_size());
    mesh_cq.enqueue_write_shards(mesh_buffer, {{coord, src.data(), std::nullopt}}, blocking);
}

template <typename DType>
void ReadShard(MeshCommandQueue& mesh_cq, std::vector<DType>& dst, const std::shared_ptr<MeshBuffer>& mesh_buffer,
               const MeshCoordinate& coord, bool blocking = true) {
    if (!mesh_cq.device()->is_local(coord)) return;
    const Buffer* shard = mesh_buffer->get_device_buffer(coord);
    dst.resize(shard->page_size() * shard->num_pages() / sizeof(DType));
    mesh_cq.enqueue_read_shards({{coord, dst.data(), std::nullopt}}, mesh_buffer, blocking);
}

template <typename DType>
void EnqueueWriteMeshBuffer(MeshCommandQueue& mesh_cq, std::shared_ptr<MeshBuffer>& mesh_buffer,
                            const std::vector<DType>& src, bool blocking = false) {
    (void)blocking;  // the emulator copies the host data before returning either way
    mesh_cq.write_buffer_bytes(mesh_buffer, src.data(), src.size() * sizeof(DType));
}

template <typename DType>
void EnqueueReadMeshBuffer(MeshCommandQueue& mesh_cq, std::vector<DType>& dst,
                           std::shared_ptr<MeshBuffer>& mesh_buffer, bool blocking = true) {
    (void)blocking;
    TT_FATAL(mesh_buffer->global_layout() == MeshBufferLayout::SHARDED || mesh_buffer->device()->num_devices() == 1,
             "Can only read a Sharded MeshBuffer from a MeshDevice.");
    if (mesh_buffer->global_layout() == MeshBufferLayout::SHARDED) {
        dst.resize(mesh_buffer->global_shard_spec().global_size / sizeof(DType));
    } else if (dst.size() * sizeof(DType) < mesh_buffer->device_local_size()) {
        dst.resize(mesh_buffer->device_local_size() / sizeof(DType));
    }
    mesh_cq.read_buffer_bytes(dst.data(), mesh_buffer, dst.size() * sizeof(DType));
}

void Finish(MeshCommandQueue& mesh_cq, tt::stl::Span<const SubDeviceId> sub_device_ids = {});
void Synchronize(MeshDevice* device, std::optional<std::uint8_t> cq_id,
                 tt::stl::Span<const SubDeviceId> sub_device_ids = {});

}  // namespace tt::tt_metal::distributed
