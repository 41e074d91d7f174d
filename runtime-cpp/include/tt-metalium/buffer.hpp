// Device buffers (DRAM or L1; interleaved or height/width/block sharded). A Buffer owns one allocation on
// the emulated device and knows where each of its pages lives; data moves through the command queue.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>

#include <tt-metalium/buffer_types.hpp>
#include <tt-metalium/core_coord.hpp>
#include <tt-metalium/sub_device_types.hpp>

namespace emu {
class DeviceState;
}

namespace tt::tt_metal {

class IDevice;

struct BufferConfig {
    IDevice* device;
    DeviceAddr size;
    DeviceAddr page_size;
    BufferType buffer_type;
};
using InterleavedBufferConfig = BufferConfig;

// A byte range of a buffer (tt-metal: partial reads and writes).
struct BufferRegion {
    DeviceAddr offset = 0;
    DeviceAddr size = 0;
    BufferRegion() = delete;
    BufferRegion(DeviceAddr offset, DeviceAddr size) : offset(offset), size(size) {}
};

struct ShardedBufferConfig {
    IDevice* device{};
    DeviceAddr size{};
    DeviceAddr page_size{};
    BufferType buffer_type = BufferType::L1;
    TensorMemoryLayout buffer_layout = TensorMemoryLayout::HEIGHT_SHARDED;
    ShardSpecBuffer shard_parameters;
};

class Buffer {
public:
    static std::shared_ptr<Buffer> create(IDevice* device, DeviceAddr size, DeviceAddr page_size,
                                          BufferType buffer_type,
                                          const BufferShardingArgs& sharding_args = std::nullopt,
                                          std::optional<bool> bottom_up = std::nullopt,
                                          std::optional<SubDeviceId> sub_device_id = std::nullopt);
    static std::shared_ptr<Buffer> create(IDevice* device, DeviceAddr address, DeviceAddr size, DeviceAddr page_size,
                                          BufferType buffer_type,
                                          const BufferShardingArgs& sharding_args = std::nullopt,
                                          std::optional<bool> bottom_up = std::nullopt,
                                          std::optional<SubDeviceId> sub_device_id = std::nullopt);
    Buffer(const Buffer&) = delete;
    Buffer& operator=(const Buffer&) = delete;
    ~Buffer();

    IDevice* device() const { return device_; }
    DeviceAddr size() const { return size_; }
    DeviceAddr page_size() const { return page_size_; }
    DeviceAddr aligned_page_size() const;
    std::uint32_t num_pages() const;
    DeviceAddr address() const { return address_; }
    BufferType buffer_type() const { return buffer_type_; }
    TensorMemoryLayout buffer_layout() const { return sharding_.buffer_layout(); }
    bool is_l1() const { return buffer_type_ == BufferType::L1 || buffer_type_ == BufferType::L1_SMALL; }
    bool is_dram() const { return buffer_type_ == BufferType::DRAM; }
    bool is_sharded() const { return sharding_.buffer_layout() != TensorMemoryLayout::INTERLEAVED; }
    const std::optional<ShardSpecBuffer>& shard_spec() const { return sharding_.shard_spec(); }
    bool is_allocated() const { return allocated_; }
    void deallocate();

    // ---- emulator only -------------------------------------------------------------------------
    // Where page `page_id` lives: a DRAM bank or a worker core (by logical coordinate), and the byte
    // address inside it.
    struct PageLocation {
        bool in_dram;
        std::uint32_t dram_bank;
        CoreCoord core;
        std::uint64_t address;
    };
    PageLocation page_location(std::uint32_t page_id) const;
    // Number of banks an interleaved buffer spreads over, or the ordered cores a sharded one uses.
    std::uint32_t num_banks() const;
    const std::vector<CoreCoord>& shard_cores() const { return shard_cores_; }
    std::shared_ptr<emu::DeviceState> device_state() const { return state_; }
    // The allocation of `allocation` as seen on another chip of the same mesh (same address, same pages):
    // MeshBuffer's per-device buffers. Deallocating a view releases nothing.
    static std::shared_ptr<Buffer> create_view(IDevice* device, const Buffer& allocation);

private:
    Buffer() = default;
    void place(std::optional<DeviceAddr> fixed_address);

    IDevice* device_ = nullptr;
    std::shared_ptr<emu::DeviceState> state_;
    DeviceAddr size_ = 0;
    DeviceAddr page_size_ = 0;
    DeviceAddr address_ = 0;
    DeviceAddr bytes_per_bank_ = 0;
    BufferType buffer_type_ = BufferType::DRAM;
    BufferShardingArgs sharding_;
    std::vector<CoreCoord> shard_cores_;
    bool allocated_ = false;
    bool owns_allocation_ = true;
};

std::shared_ptr<Buffer> CreateBuffer(const InterleavedBufferConfig& config);
std::shared_ptr<Buffer> CreateBuffer(const InterleavedBufferConfig& config, DeviceAddr address);
std::shared_ptr<Buffer> CreateBuffer(const ShardedBufferConfig& config);
std::shared_ptr<Buffer> CreateBuffer(const ShardedBufferConfig& config, DeviceAddr address);
void DeallocateBuffer(Buffer& buffer);

}  // namespace tt::tt_metal
