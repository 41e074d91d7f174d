// Buffer placement types: BufferType, TensorMemoryLayout, ShardOrientation, ShardSpec(Buffer), sharding args.
#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include <fmt/format.h>
#include <tt-metalium/core_coord.hpp>

namespace tt::tt_metal {

using DeviceAddr = std::uint64_t;

enum class BufferType { DRAM, L1, SYSTEM_MEMORY, L1_SMALL, TRACE };
enum class TensorMemoryLayout { INTERLEAVED = 0, HEIGHT_SHARDED = 2, WIDTH_SHARDED = 3, BLOCK_SHARDED = 4 };
enum class ShardOrientation { ROW_MAJOR = 0, COL_MAJOR };

const char* enum_name(BufferType value);
const char* enum_name(TensorMemoryLayout value);
const char* enum_name(ShardOrientation value);

struct ShardSpec {
    CoreRangeSet grid;
    std::array<std::uint32_t, 2> shape;
    ShardOrientation orientation = ShardOrientation::ROW_MAJOR;

    ShardSpec(const CoreRangeSet& core_sets, const std::array<std::uint32_t, 2>& shard_shape,
              const ShardOrientation& shard_orientation = ShardOrientation::ROW_MAJOR)
        : grid(core_sets), shape(shard_shape), orientation(shard_orientation) {}
    std::uint32_t num_cores() const { return grid.num_cores(); }
    std::uint32_t numel() const { return shape[0] * shape[1]; }
};

struct ShardSpecBuffer {
    ShardSpec tensor_shard_spec;
    std::array<std::uint32_t, 2> page_shape;
    std::array<std::uint32_t, 2> tensor2d_shape_in_pages;

    ShardSpecBuffer(const CoreRangeSet& core_sets, const std::array<std::uint32_t, 2>& shard_shape,
                    const ShardOrientation& shard_orientation, const std::array<std::uint32_t, 2>& page_shape_,
                    const std::array<std::uint32_t, 2>& tensor2d_shape_in_pages_)
        : tensor_shard_spec(core_sets, shard_shape, shard_orientation),
          page_shape(page_shape_),
          tensor2d_shape_in_pages(tensor2d_shape_in_pages_) {}
    ShardSpecBuffer(const ShardSpec& shard_spec, const std::array<std::uint32_t, 2>& page_shape_,
                    const std::array<std::uint32_t, 2>& tensor2d_shape_in_pages_)
        : tensor_shard_spec(shard_spec), page_shape(page_shape_), tensor2d_shape_in_pages(tensor2d_shape_in_pages_) {}

    CoreRangeSet grid() const { return tensor_shard_spec.grid; }
    std::array<std::uint32_t, 2> shape() const { return tensor_shard_spec.shape; }
    ShardOrientation orientation() const { return tensor_shard_spec.orientation; }
    // Shard shape counted in pages: {rows, cols}.
    std::array<std::uint32_t, 2> shape_in_pages() const {
        return {tensor_shard_spec.shape[0] / page_shape[0], tensor_shard_spec.shape[1] / page_shape[1]};
    }
    DeviceAddr num_pages() const {
        auto s = shape_in_pages();
        return static_cast<DeviceAddr>(s[0]) * s[1];
    }
};

class BufferShardingArgs {
public:
    BufferShardingArgs() = default;
    BufferShardingArgs(std::nullopt_t) {}  // NOLINT
    BufferShardingArgs(const ShardSpecBuffer& shard_spec, TensorMemoryLayout layout)
        : shard_spec_(shard_spec), layout_(layout) {}
    BufferShardingArgs(std::optional<ShardSpecBuffer> shard_spec, TensorMemoryLayout layout)
        : shard_spec_(std::move(shard_spec)), layout_(layout) {}

    TensorMemoryLayout buffer_layout() const { return layout_; }
    const std::optional<ShardSpecBuffer>& shard_spec() const { return shard_spec_; }

private:
    std::optional<ShardSpecBuffer> shard_spec_;
    TensorMemoryLayout layout_ = TensorMemoryLayout::INTERLEAVED;
};

}  // namespace tt::tt_metal

template <>
struct fmt::formatter<tt::tt_metal::TensorMemoryLayout> : fmt::formatter<const char*> {
    auto format(tt::tt_metal::TensorMemoryLayout v, fmt::format_context& ctx) const {
        return fmt::formatter<const char*>::format(tt::tt_metal::enum_name(v), ctx);
    }
};
template <>
struct fmt::formatter<tt::tt_metal::BufferType> : fmt::formatter<const char*> {
    auto format(tt::tt_metal::BufferType v, fmt::format_context& ctx) const {
        return fmt::formatter<const char*>::format(tt::tt_metal::enum_name(v), ctx);
    }
};
