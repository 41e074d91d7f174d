// MeshBuffer: one lock-step allocation over the chips of a mesh (a backing buffer on the mesh's first chip,
// and a view of it on each chip), the replicated / sharded layout as tt-metal defines it, and the whole-buffer
// transfers that cut the host's global data into per-chip shards and gather it back. Must not order work
// against running programs (the command queue does that before calling in here).
#include <algorithm>
#include <cstring>
#include <vector>

#include <fmt/format.h>
#include <fmt/ostream.h>
#include <tt-metalium/mesh_buffer.hpp>
#include <tt-metalium/mesh_device.hpp>
#include <tt_stl/assert.hpp>

#include "host_internal.hpp"

namespace tt::tt_metal::distributed {

namespace {

// Bytes each chip holds for this configuration (checking the sharded geometry).
DeviceAddr device_local_size_of(const MeshBufferConfig& config, const MeshDevice& mesh) {
    if (const auto* replicated = std::get_if<ReplicatedBufferConfig>(&config)) return replicated->size;
    const auto& sharded = std::get<ShardedBufferConfig>(config);
    const Shape2D global = sharded.global_buffer_shape;
    const DeviceAddr datums = static_cast<DeviceAddr>(global.height()) * global.width();
    TT_FATAL(datums > 0 && sharded.global_size > 0 && sharded.global_size % datums == 0,
             "ShardedBufferConfig: global_size {} B is not a whole number of bytes per datum of the {}x{} "
             "global_buffer_shape",
             sharded.global_size, global.height(), global.width());
    const Shape2D shard = sharded.physical_shard_shape();
    TT_FATAL(shard.height() > 0 && shard.width() > 0 && global.height() % shard.height() == 0 &&
                 global.width() % shard.width() == 0,
             "ShardedBufferConfig: shard_shape {}x{} does not tile the {}x{} global_buffer_shape", shard.height(),
             shard.width(), global.height(), global.width());
    const std::size_t shards = (global.height() / shard.height()) * (global.width() / shard.width());
    TT_FATAL(shards <= mesh.num_devices(),
             "ShardedBufferConfig: {} shards of {}x{} do not fit the {} chips of the {} mesh (one shard per chip)",
             shards, shard.height(), shard.width(), mesh.num_devices(), fmt::streamed(mesh.shape()));
    return sharded.compute_datum_size_bytes() * static_cast<DeviceAddr>(shard.height()) * shard.width();
}

// One shard of a sharded buffer: its top-left datum in the global buffer and the chips that hold it.
struct ShardPlacement {
    std::size_t row = 0, col = 0;
    std::vector<MeshCoordinate> chips;
};

// Shards in row-major order over the global buffer. A dimension replicated (shard_shape 0) puts a shard on a
// whole mesh column (height replicated) or row (width replicated); otherwise shards are dealt to the chips
// one each, along mesh rows first (ROW_MAJOR) or columns first (COL_MAJOR).
std::vector<ShardPlacement> shard_placements(const ShardedBufferConfig& config, const MeshShape& mesh) {
    const Shape2D global = config.global_buffer_shape;
    const Shape2D shard = config.physical_shard_shape();
    const auto [height_replicated, width_replicated] = config.replicated_dims();
    const std::uint32_t rows = mesh[0], cols = mesh[1];
    std::vector<ShardPlacement> placements;
    std::size_t index = 0;
    for (std::size_t row = 0; row < global.height(); row += shard.height()) {
        for (std::size_t col = 0; col < global.width(); col += shard.width(), ++index) {
            ShardPlacement placement{row, col, {}};
            for (std::uint32_t r = 0; r < rows; ++r) {
                for (std::uint32_t c = 0; c < cols; ++c) {
                    bool holds;
                    if (height_replicated && width_replicated) {
                        holds = true;
                    } else if (height_replicated) {
                        holds = c == index;
                    } else if (width_replicated) {
                        holds = r == index;
                    } else if (config.shard_orientation == ShardOrientation::ROW_MAJOR) {
                        holds = r * cols + c == index;
                    } else {
                        holds = c * rows + r == index;
                    }
                    if (holds) placement.chips.emplace_back(r, c);
                }
            }
            TT_FATAL(!placement.chips.empty(), "Shard {} of the sharded buffer has no chip in the {}x{} mesh", index,
                     rows, cols);
            placements.push_back(std::move(placement));
        }
    }
    return placements;
}

// Copies one shard between the global host buffer (row-major, `global_row_bytes` per row) and a contiguous
// shard buffer.
struct ShardGeometry {
    std::size_t datum, global_row_bytes, shard_row_bytes, shard_rows;
};
ShardGeometry geometry_of(const ShardedBufferConfig& config) {
    const std::size_t datum = config.compute_datum_size_bytes();
    const Shape2D shard = config.physical_shard_shape();
    return {datum, datum * config.global_buffer_shape.width(), datum * shard.width(), shard.height()};
}

}  // namespace

MeshBuffer::MeshBuffer(MeshBufferConfig global_config, DeviceLocalBufferConfig local_config, MeshDevice* device,
                       DeviceAddr device_local_size, std::shared_ptr<Buffer> backing,
                       std::vector<std::shared_ptr<Buffer>> device_buffers)
    : global_config_(std::move(global_config)),
      local_config_(std::move(local_config)),
      device_(device),
      device_local_size_(device_local_size),
      backing_(std::move(backing)),
      device_buffers_(std::move(device_buffers)) {}

MeshBuffer::~MeshBuffer() { deallocate(); }

std::shared_ptr<MeshBuffer> MeshBuffer::create(const MeshBufferConfig& mesh_buffer_config,
                                               const DeviceLocalBufferConfig& device_local_config,
                                               MeshDevice* mesh_device, std::optional<DeviceAddr> address) {
    TT_FATAL(mesh_device != nullptr, "MeshBuffer::create needs a mesh device");
    TT_FATAL(mesh_device->is_open(), "MeshBuffer::create: mesh device {} is closed", mesh_device->id());
    const DeviceAddr local_size = device_local_size_of(mesh_buffer_config, *mesh_device);
    auto backing = address ? Buffer::create(mesh_device, *address, local_size, device_local_config.page_size,
                                            device_local_config.buffer_type, device_local_config.sharding_args)
                           : Buffer::create(mesh_device, local_size, device_local_config.page_size,
                                            device_local_config.buffer_type, device_local_config.sharding_args);
    std::vector<std::shared_ptr<Buffer>> device_buffers;
    for (IDevice* chip : mesh_device->get_devices()) device_buffers.push_back(Buffer::create_view(chip, *backing));
    return std::make_shared<MeshBuffer>(mesh_buffer_config, device_local_config, mesh_device, local_size,
                                        std::move(backing), std::move(device_buffers));
}

void MeshBuffer::deallocate() {
    for (auto& buffer : device_buffers_) buffer->deallocate();
    if (backing_) backing_->deallocate();
}

DeviceAddr MeshBuffer::size() const {
    return global_layout() == MeshBufferLayout::SHARDED ? global_shard_spec().global_size : device_local_size_;
}

MeshBufferLayout MeshBuffer::global_layout() const {
    return std::holds_alternative<ShardedBufferConfig>(global_config_) ? MeshBufferLayout::SHARDED
                                                                       : MeshBufferLayout::REPLICATED;
}

const ShardedBufferConfig& MeshBuffer::global_shard_spec() const {
    TT_FATAL(global_layout() == MeshBufferLayout::SHARDED, "Can only query the global shard spec of a sharded "
             "MeshBuffer");
    return std::get<ShardedBufferConfig>(global_config_);
}

std::uint32_t MeshBuffer::datum_size_bytes() const { return global_shard_spec().compute_datum_size_bytes(); }
Shape2D MeshBuffer::physical_shard_shape() const { return global_shard_spec().physical_shard_shape(); }
std::pair<bool, bool> MeshBuffer::replicated_dims() const { return global_shard_spec().replicated_dims(); }

Buffer* MeshBuffer::get_device_buffer(const MeshCoordinate& device_coord) const {
    TT_FATAL(is_allocated(), "MeshBuffer at {:#x} was deallocated", address());
    return device_buffers_[to_linear_index(device_->shape(), device_coord)].get();
}

}  // namespace tt::tt_metal::distributed

namespace emu {

using tt::tt_metal::distributed::MeshBufferLayout;

void write_mesh_buffer(const tt::tt_metal::distributed::MeshBuffer& buffer, const void* host_data, std::size_t bytes) {
    using namespace tt::tt_metal::distributed;
    const auto* source = static_cast<const std::uint8_t*>(host_data);
    if (buffer.global_layout() == MeshBufferLayout::REPLICATED) {
        TT_FATAL(bytes <= buffer.device_local_size(), "Write of {} B to a replicated MeshBuffer of {} B per chip",
                 bytes, buffer.device_local_size());
        for (const auto& coord : MeshCoordinateRange(buffer.device()->shape())) {
            write_buffer(*buffer.get_device_buffer(coord), source, bytes);
        }
        return;
    }
    const auto& config = buffer.global_shard_spec();
    TT_FATAL(bytes <= config.global_size, "Write of {} B to a sharded MeshBuffer of {} B", bytes, config.global_size);
    const ShardGeometry shape = geometry_of(config);
    std::vector<std::uint8_t> shard(buffer.device_local_size());
    for (const auto& placement : shard_placements(config, buffer.device()->shape())) {
        std::fill(shard.begin(), shard.end(), 0);
        for (std::size_t r = 0; r < shape.shard_rows; ++r) {
            const std::size_t from = (placement.row + r) * shape.global_row_bytes + placement.col * shape.datum;
            if (from >= bytes) break;
            std::memcpy(shard.data() + r * shape.shard_row_bytes, source + from,
                        std::min(shape.shard_row_bytes, bytes - from));
        }
        for (const auto& chip : placement.chips) write_buffer(*buffer.get_device_buffer(chip), shard.data(), shard.size());
    }
}

void read_mesh_buffer(const tt::tt_metal::distributed::MeshBuffer& buffer, void* host_data, std::size_t bytes) {
    using namespace tt::tt_metal::distributed;
    auto* destination = static_cast<std::uint8_t*>(host_data);
    if (buffer.global_layout() == MeshBufferLayout::REPLICATED) {
        TT_FATAL(buffer.device()->num_devices() == 1, "Can only read a Sharded MeshBuffer from a MeshDevice.");
        read_buffer(*buffer.get_device_buffer(MeshCoordinate(0, 0)), destination,
                    std::min<std::size_t>(bytes, buffer.device_local_size()));
        return;
    }
    const auto& config = buffer.global_shard_spec();
    const ShardGeometry shape = geometry_of(config);
    std::vector<std::uint8_t> shard(buffer.device_local_size());
    for (const auto& placement : shard_placements(config, buffer.device()->shape())) {
        read_buffer(*buffer.get_device_buffer(placement.chips.front()), shard.data(), shard.size());
        for (std::size_t r = 0; r < shape.shard_rows; ++r) {
            const std::size_t to = (placement.row + r) * shape.global_row_bytes + placement.col * shape.datum;
            if (to >= bytes) break;
            std::memcpy(destination + to, shard.data() + r * shape.shard_row_bytes,
                        std::min(shape.shard_row_bytes, bytes - to));
        }
    }
}

}  // namespace emu
