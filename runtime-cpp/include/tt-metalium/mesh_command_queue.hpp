// MeshCommandQueue: in-order queue of workload launches and buffer transfers for a mesh. A workload's
// programs run on their chips one chip after another (row-major, deterministic); each operation first
// waits for the work queued before it, and a fault in that work is thrown from the operation that waits.
#pragma once

// Standard headers upstream's mesh_command_queue.hpp includes; programs rely on them (std::chrono via <thread>).
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <queue>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <variant>
#include <vector>

#include <tt-metalium/buffer.hpp>
#include <tt-metalium/mesh_buffer.hpp>
#include <tt-metalium/mesh_coord.hpp>
#include <tt-metalium/mesh_workload.hpp>
#include <tt-metalium/sub_device_types.hpp>
#include <tt_stl/span.hpp>

namespace emu {
class ProgramRun;
}

namespace tt::tt_metal::distributed {

class MeshDevice;

class MeshCommandQueue {
public:
    explicit MeshCommandQueue(MeshDevice* device, std::uint32_t id = 0);
    ~MeshCommandQueue();
    MeshCommandQueue(const MeshCommandQueue&) = delete;
    MeshCommandQueue& operator=(const MeshCommandQueue&) = delete;

    MeshDevice* device() const { return device_; }
    std::uint32_t id() const { return id_; }

    // Host data for one chip's buffer: the whole device-local buffer, or `region` of it.
    struct ShardDataTransfer {
        MeshCoordinate shard_coord;
        void* host_data = nullptr;
        std::optional<BufferRegion> region;
    };

    void enqueue_mesh_workload(MeshWorkload& mesh_workload, bool blocking);
    // Replicated: the same device-local data to every chip. Sharded: the global buffer, cut into shards.
    void enqueue_write_mesh_buffer(const std::shared_ptr<MeshBuffer>& buffer, const void* host_data, bool blocking);
    // Sharded: gathers every chip's shard into the global buffer. Replicated: one-chip meshes only.
    void enqueue_read_mesh_buffer(void* host_data, const std::shared_ptr<MeshBuffer>& buffer, bool blocking);
    void enqueue_write_shards(const std::shared_ptr<MeshBuffer>& mesh_buffer,
                              const std::vector<ShardDataTransfer>& shard_data_transfers, bool blocking);
    void enqueue_read_shards(const std::vector<ShardDataTransfer>& shard_data_transfers,
                             const std::shared_ptr<MeshBuffer>& mesh_buffer, bool blocking);
    // The same device-local data to every chip of `device_range`.
    void enqueue_write_shard_to_sub_grid(const MeshBuffer& buffer, const void* host_data,
                                         const MeshCoordinateRange& device_range, bool blocking,
                                         std::optional<BufferRegion> region = std::nullopt);
    void finish(tt::stl::Span<const SubDeviceId> sub_device_ids = {});

    // Emulator: runs the queued programs to completion and rethrows the first fault.
    void wait_for_running_workload();
    // Emulator: byte-counted forms of the whole-buffer transfers (the device-local or global size at most).
    void write_buffer_bytes(const std::shared_ptr<MeshBuffer>& buffer, const void* host_data, std::size_t bytes);
    void read_buffer_bytes(void* host_data, const std::shared_ptr<MeshBuffer>& buffer, std::size_t bytes);

private:
    MeshDevice* device_;
    std::uint32_t id_;
    // Prepared runs, one per chip and program, in execution order; the front one may be running.
    struct PendingRun {
        MeshCoordinate chip;
        std::unique_ptr<emu::ProgramRun> run;
    };
    std::deque<PendingRun> pending_;
};

}  // namespace tt::tt_metal::distributed
