// MeshCommandQueue: in-order queue of workload launches and buffer transfers. Each operation waits for the
// previous workload to finish; a fault in that workload is thrown from the operation that waits for it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

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

    void enqueue_mesh_workload(MeshWorkload& mesh_workload, bool blocking);
    void enqueue_write_mesh_buffer(const std::shared_ptr<MeshBuffer>& buffer, const void* host_data, bool blocking);
    void enqueue_read_mesh_buffer(void* host_data, const std::shared_ptr<MeshBuffer>& buffer, bool blocking);
    // Emulator: byte-counted forms the templates in distributed.hpp use.
    void write_buffer_bytes(const std::shared_ptr<MeshBuffer>& buffer, const void* host_data, std::size_t bytes);
    void read_buffer_bytes(void* host_data, const std::shared_ptr<MeshBuffer>& buffer, std::size_t bytes);
    void finish(tt::stl::Span<const SubDeviceId> sub_device_ids = {});
    // Waits for the running workload, if any, and rethrows its fault.
    void wait_for_running_workload();

private:
    MeshDevice* device_;
    std::uint32_t id_;
    std::unique_ptr<emu::ProgramRun> running_;
};

}  // namespace tt::tt_metal::distributed
