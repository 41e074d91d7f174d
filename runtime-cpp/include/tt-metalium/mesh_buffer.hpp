// MeshBuffer: a buffer allocated at the same address on every device of a mesh (one device here).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <tuple>
#include <utility>
#include <variant>

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

struct ReplicatedBufferConfig {
    DeviceAddr size = 0;
};

struct ShardedBufferConfig {
    DeviceAddr global_size = 0;
    Shape2D global_buffer_shape = {0, 0};
    Shape2D shard_shape = {0, 0};
    ShardOrientation shard_orientation = ShardOrientation::ROW_MAJOR;
};

using MeshBufferConfig = std::variant<ReplicatedBufferConfig, ShardedBufferConfig>;

class MeshBuffer {
public:
    static std::shared_ptr<MeshBuffer> create(const MeshBufferConfig& mesh_buffer_config,
                                              const DeviceLocalBufferConfig& device_local_config,
                                              MeshDevice* mesh_device,
                                              std::optional<DeviceAddr> address = std::nullopt);

    DeviceAddr address() const { return backing_->address(); }
    DeviceAddr size() const { return global_size_; }
    DeviceAddr device_local_size() const { return backing_->size(); }
    DeviceAddr page_size() const { return backing_->page_size(); }
    std::uint32_t num_pages() const { return backing_->num_pages(); }
    BufferType buffer_type() const { return backing_->buffer_type(); }
    MeshDevice* device() const { return device_; }
    bool is_allocated() const { return backing_ && backing_->is_allocated(); }
    void deallocate();
    const MeshBufferConfig& global_config() const { return global_config_; }
    const DeviceLocalBufferConfig& device_local_config() const { return local_config_; }
    Buffer* get_backing_buffer() const { return backing_.get(); }
    Buffer* get_reference_buffer() const { return backing_.get(); }
    Buffer* get_device_buffer(const MeshCoordinate&) const { return backing_.get(); }

    MeshBuffer(MeshBufferConfig global_config, DeviceLocalBufferConfig local_config, MeshDevice* device,
               DeviceAddr global_size, std::shared_ptr<Buffer> backing)
        : global_config_(std::move(global_config)),
          local_config_(std::move(local_config)),
          device_(device),
          global_size_(global_size),
          backing_(std::move(backing)) {}

private:
    MeshBufferConfig global_config_;
    DeviceLocalBufferConfig local_config_;
    MeshDevice* device_;
    DeviceAddr global_size_;
    std::shared_ptr<Buffer> backing_;
};

}  // namespace tt::tt_metal::distributed

// Structured bindings: auto [height, width] = shape;
template <>
struct std::tuple_size<tt::tt_metal::distributed::Shape2D> : std::integral_constant<std::size_t, 2> {};
template <std::size_t I>
struct std::tuple_element<I, tt::tt_metal::distributed::Shape2D> {
    using type = std::size_t;
};
