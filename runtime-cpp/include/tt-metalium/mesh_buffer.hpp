// MeshBuffer: a buffer allocated at the same address on every chip of a mesh, replicated or sharded over
// the chips (ReplicatedBufferConfig / ShardedBufferConfig, as tt-metal defines them).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <tuple>
#include <utility>
#include <variant>
#include <vector>

#include <tt-metalium/buffer.hpp>
#include <tt-metalium/buffer_types.hpp>
#include <tt-metalium/mesh_coord.hpp>
#include <tt-metalium/sub_device_types.hpp>

namespace tt::tt_metal::distributed {

class MeshDevice;

class Shape2D {
public:
    using value_type = std::size_t;
    Shape2D(std::size_t height, std::size_t width) : height_(height), width_(width) {}
    Shape2D(const std::pair<std::size_t, std::size_t>& size) : height_(size.first), width_(size.second) {}  // NOLINT
    std::size_t height() const { return height_; }
    std::size_t width() const { return width_; }
    bool operator==(const Shape2D&) const = default;
    template <std::size_t I>
    std::size_t get() const {
        static_assert(I < 2, "Shape2D has two dimensions");
        return I == 0 ? height_ : width_;
    }

private:
    std::size_t height_ = 0;
    std::size_t width_ = 0;
};

struct DeviceLocalBufferConfig {
    DeviceAddr page_size = 0;
    BufferType buffer_type = BufferType::DRAM;
    BufferShardingArgs sharding_args;
    std::optional<bool> bottom_up;
    std::optional<SubDeviceId> sub_device_id = std::nullopt;
};

// Each chip gets a buffer of `size` bytes; writes put the same data on every chip.
struct ReplicatedBufferConfig {
    DeviceAddr size = 0;
};

// A 2-D buffer of global_buffer_shape datums (rows x cols) cut into shard_shape pieces, one per chip. Shards
// are taken row-major from the global buffer and dealt to the chips in shard_orientation order (ROW_MAJOR:
// along a mesh row first). A 0 in shard_shape replicates along that dimension (the shard spans it whole).
struct ShardedBufferConfig {
    DeviceAddr global_size = 0;
    Shape2D global_buffer_shape = {0, 0};
    Shape2D shard_shape = {0, 0};
    ShardOrientation shard_orientation = ShardOrientation::ROW_MAJOR;

    std::uint32_t compute_datum_size_bytes() const {
        return static_cast<std::uint32_t>(global_size / (global_buffer_shape.height() * global_buffer_shape.width()));
    }
    std::pair<bool, bool> replicated_dims() const { return {shard_shape.height() == 0, shard_shape.width() == 0}; }
    Shape2D physical_shard_shape() const {
        const auto [height_replicated, width_replicated] = replicated_dims();
        return {height_replicated ? global_buffer_shape.height() : shard_shape.height(),
                width_replicated ? global_buffer_shape.width() : shard_shape.width()};
    }
};

enum class MeshBufferLayout : std::uint8_t { REPLICATED, SHARDED };
using MeshBufferConfig = std::variant<ReplicatedBufferConfig, ShardedBufferConfig>;

// One allocation at the same address on every chip of the mesh (the chips allocate in lock step).
class MeshBuffer {
public:
    static std::shared_ptr<MeshBuffer> create(const MeshBufferConfig& mesh_buffer_config,
                                              const DeviceLocalBufferConfig& device_local_config,
                                              MeshDevice* mesh_device,
                                              std::optional<DeviceAddr> address = std::nullopt);
    ~MeshBuffer();
    MeshBuffer(const MeshBuffer&) = delete;
    MeshBuffer& operator=(const MeshBuffer&) = delete;

    DeviceAddr address() const { return backing_->address(); }
    // Replicated: the per-chip size; sharded: the global size.
    DeviceAddr size() const;
    DeviceAddr device_local_size() const { return device_local_size_; }
    std::uint32_t page_size() const { return static_cast<std::uint32_t>(local_config_.page_size); }
    std::uint32_t num_pages() const {
        return page_size() == 0 ? 0 : static_cast<std::uint32_t>(device_local_size_ / page_size());
    }
    BufferType buffer_type() const { return backing_->buffer_type(); }
    MeshDevice* device() const { return device_; }
    bool is_allocated() const { return backing_ && backing_->is_allocated(); }
    void deallocate();
    MeshBufferLayout global_layout() const;
    const MeshBufferConfig& global_config() const { return global_config_; }
    // TT_FATAL unless the buffer is sharded.
    const ShardedBufferConfig& global_shard_spec() const;
    const DeviceLocalBufferConfig& device_local_config() const { return local_config_; }
    std::uint32_t datum_size_bytes() const;
    Shape2D physical_shard_shape() const;
    std::pair<bool, bool> replicated_dims() const;
    Buffer* get_backing_buffer() const { return backing_.get(); }
    Buffer* get_reference_buffer() const { return backing_.get(); }
    // The buffer on the chip at `device_coord`; TT_FATAL when the coordinate is outside the mesh.
    Buffer* get_device_buffer(const MeshCoordinate& device_coord) const;

    // Emulator only: use create().
    MeshBuffer(MeshBufferConfig global_config, DeviceLocalBufferConfig local_config, MeshDevice* device,
               DeviceAddr device_local_size, std::shared_ptr<Buffer> backing,
               std::vector<std::shared_ptr<Buffer>> device_buffers);

private:
    MeshBufferConfig global_config_;
    DeviceLocalBufferConfig local_config_;
    MeshDevice* device_;
    DeviceAddr device_local_size_;
    std::shared_ptr<Buffer> backing_;
    std::vector<std::shared_ptr<Buffer>> device_buffers_;  // row-major over the mesh
};

}  // namespace tt::tt_metal::distributed

// Structured bindings: auto [height, width] = shape;
template <>
struct std::tuple_size<tt::tt_metal::distributed::Shape2D> : std::integral_constant<std::size_t, 2> {};
template <std::size_t I>
struct std::tuple_element<I, tt::tt_metal::distributed::Shape2D> {
    using type = std::size_t;
};
