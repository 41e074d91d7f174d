// The mesh command queue: MeshWorkload bookkeeping, EnqueueMeshWorkload (each program prepared on every chip
// of its range, then run chip after chip in row-major order of the ranges), buffer and shard transfers
// ordered after the queued work, Finish and Synchronize. Must not lay out mesh buffers (mesh_buffer.cpp).
#include <algorithm>
#include <string>

#include <fmt/format.h>
#include <fmt/ostream.h>
#include <tt-metalium/distributed.hpp>
#include <tt-metalium/mesh_command_queue.hpp>
#include <tt-metalium/mesh_device.hpp>
#include <tt_stl/assert.hpp>

#include "emu/fault.hpp"
#include "host_internal.hpp"
#include "program_run.hpp"

namespace tt::tt_metal::distributed {

// ---- MeshWorkload -----------------------------------------------------------------------------------------
MeshWorkload::MeshWorkload(Program&& program, const MeshCoordinateRange& device_range) {
    add_program(device_range, std::move(program));
}

void MeshWorkload::add_program(const MeshCoordinateRange& device_range, Program&& program) {
    for (const auto& [range, existing] : programs_) {
        TT_FATAL(!range.intersects(device_range), "MeshWorkload: {} overlaps {}, which already has a program",
                 device_range.str(), range.str());
    }
    programs_.emplace(device_range, std::move(program));
}

MeshWorkload CreateMeshWorkload() { return MeshWorkload(); }

void AddProgramToMeshWorkload(MeshWorkload& mesh_workload, Program&& program, const MeshCoordinateRange& device_range) {
    mesh_workload.add_program(device_range, std::move(program));
}

// ---- MeshCommandQueue -------------------------------------------------------------------------------------
MeshCommandQueue::MeshCommandQueue(MeshDevice* device, std::uint32_t id) : device_(device), id_(id) {}
MeshCommandQueue::~MeshCommandQueue() = default;

namespace {
// On a mesh of several chips, a fault also names the chip it happened on.
[[noreturn]] void rethrow_naming_chip(const emu::Fault& fault, const MeshDevice& mesh, const MeshCoordinate& chip) {
    if (mesh.num_devices() == 1) throw fault;
    const std::string text = fault.what();
    const std::string marker = "]: ";
    const auto body = text.find(marker);
    throw emu::Fault(fault.category(),
                     fmt::format("on chip {} ({} of the {}x{} mesh): {}", mesh.get_device(chip)->id(), chip.str(),
                                 mesh.num_rows(), mesh.num_cols(),
                                 body == std::string::npos ? text : text.substr(body + marker.size())));
}
}  // namespace

void MeshCommandQueue::wait_for_running_workload() {
    while (!pending_.empty()) {
        auto pending = std::move(pending_.front());
        pending_.pop_front();
        try {
            if (!pending.run->started()) pending.run->start();
            pending.run->wait();
        } catch (const emu::Fault& fault) {
            pending_.clear();  // later chips' runs never start: the first fault is the one reported
            rethrow_naming_chip(fault, *device_, pending.chip);
        } catch (...) {
            pending_.clear();
            throw;
        }
    }
}

void MeshCommandQueue::enqueue_mesh_workload(MeshWorkload& mesh_workload, bool blocking) {
    wait_for_running_workload();
    const MeshCoordinateRange mesh_range(device_->shape());
    std::vector<std::pair<MeshCoordinateRange, Program*>> ordered;
    for (auto& [range, program] : mesh_workload.get_programs()) {
        TT_FATAL(mesh_range.contains(range), "MeshWorkload: {} lies outside the {} mesh", range.str(),
                 fmt::streamed(device_->shape()));
        ordered.emplace_back(range, &program);
    }
    std::sort(ordered.begin(), ordered.end(),
              [](const auto& a, const auto& b) { return a.first.start_coord() < b.first.start_coord(); });
    std::deque<PendingRun> runs;
    for (const auto& [range, program] : ordered) {
        for (const auto& coord : range) {
            try {
                runs.push_back({coord, std::make_unique<emu::ProgramRun>(
                                           emu::shared_device_state(device_->get_device(coord)), *program)});
            } catch (const emu::Fault& fault) {
                rethrow_naming_chip(fault, *device_, coord);
            }
        }
    }
    pending_ = std::move(runs);
    // Starts now when a kernel view is free; otherwise when waited for (views busy with other meshes' runs).
    if (!pending_.empty()) pending_.front().run->try_start();
    if (blocking) wait_for_running_workload();
}

void MeshCommandQueue::write_buffer_bytes(const std::shared_ptr<MeshBuffer>& buffer, const void* host_data,
                                          std::size_t bytes) {
    wait_for_running_workload();
    emu::write_mesh_buffer(*buffer, host_data, std::min<std::size_t>(bytes, buffer->size()));
}

void MeshCommandQueue::read_buffer_bytes(void* host_data, const std::shared_ptr<MeshBuffer>& buffer,
                                         std::size_t bytes) {
    wait_for_running_workload();
    emu::read_mesh_buffer(*buffer, host_data, std::min<std::size_t>(bytes, buffer->size()));
}

void MeshCommandQueue::enqueue_write_mesh_buffer(const std::shared_ptr<MeshBuffer>& buffer, const void* host_data,
                                                 bool) {
    write_buffer_bytes(buffer, host_data, buffer->size());
}

void MeshCommandQueue::enqueue_read_mesh_buffer(void* host_data, const std::shared_ptr<MeshBuffer>& buffer, bool) {
    read_buffer_bytes(host_data, buffer, buffer->size());
}

namespace {
// Byte range of one chip's buffer a transfer covers: `region`, else all of it.
std::pair<std::size_t, std::size_t> transfer_span(const MeshBuffer& buffer, const std::optional<BufferRegion>& region) {
    if (!region) return {0, buffer.device_local_size()};
    TT_FATAL(region->offset + region->size <= buffer.device_local_size(),
             "Buffer region [{}, {}) lies outside the {} B per chip of the MeshBuffer", region->offset,
             region->offset + region->size, buffer.device_local_size());
    return {region->offset, region->size};
}
}  // namespace

void MeshCommandQueue::enqueue_write_shards(const std::shared_ptr<MeshBuffer>& mesh_buffer,
                                            const std::vector<ShardDataTransfer>& shard_data_transfers, bool) {
    wait_for_running_workload();
    for (const auto& transfer : shard_data_transfers) {
        const auto [offset, bytes] = transfer_span(*mesh_buffer, transfer.region);
        emu::write_buffer(*mesh_buffer->get_device_buffer(transfer.shard_coord), transfer.host_data, bytes, offset);
    }
}

void MeshCommandQueue::enqueue_read_shards(const std::vector<ShardDataTransfer>& shard_data_transfers,
                                           const std::shared_ptr<MeshBuffer>& mesh_buffer, bool) {
    wait_for_running_workload();
    for (const auto& transfer : shard_data_transfers) {
        const auto [offset, bytes] = transfer_span(*mesh_buffer, transfer.region);
        emu::read_buffer(*mesh_buffer->get_device_buffer(transfer.shard_coord), transfer.host_data, bytes, offset);
    }
}

void MeshCommandQueue::enqueue_write_shard_to_sub_grid(const MeshBuffer& buffer, const void* host_data,
                                                       const MeshCoordinateRange& device_range, bool,
                                                       std::optional<BufferRegion> region) {
    wait_for_running_workload();
    TT_FATAL(MeshCoordinateRange(device_->shape()).contains(device_range), "{} lies outside the {} mesh",
             device_range.str(), fmt::streamed(device_->shape()));
    const auto [offset, bytes] = transfer_span(buffer, region);
    for (const auto& coord : device_range) {
        emu::write_buffer(*buffer.get_device_buffer(coord), host_data, bytes, offset);
    }
}

void MeshCommandQueue::finish(tt::stl::Span<const SubDeviceId>) { wait_for_running_workload(); }

void EnqueueMeshWorkload(MeshCommandQueue& mesh_cq, MeshWorkload& mesh_workload, bool blocking) {
    mesh_cq.enqueue_mesh_workload(mesh_workload, blocking);
}
void Finish(MeshCommandQueue& mesh_cq, tt::stl::Span<const SubDeviceId> sub_device_ids) {
    mesh_cq.finish(sub_device_ids);
}
void Synchronize(MeshDevice* device, std::optional<std::uint8_t> cq_id, tt::stl::Span<const SubDeviceId> sub_device_ids) {
    device->mesh_command_queue(cq_id).finish(sub_device_ids);
}

}  // namespace tt::tt_metal::distributed
