// Buffers (allocation and page placement), circular-buffer configs, TensorAccessorArgs and the host-side
// buffer read/write paths. Page placement here must match the kernel-side address generators.
#include <algorithm>
#include <cstring>

#include <fmt/format.h>
#include <tt-metalium/buffer.hpp>
#include <tt-metalium/circular_buffer_config.hpp>
#include <tt-metalium/kernel_types.hpp>
#include <tt-metalium/mesh_buffer.hpp>
#include <tt-metalium/mesh_device.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>
#include <tt-metalium/tt_backend_api_types.hpp>
#include <tt-metalium/tt_metal.hpp>
#include <tt_stl/assert.hpp>

#include "host_internal.hpp"

namespace tt {
const char* data_format_name(DataFormat format) {
    switch (format) {
        case DataFormat::Float32: return "Float32";
        case DataFormat::Float16: return "Float16";
        case DataFormat::Bfp8: return "Bfp8";
        case DataFormat::Bfp4: return "Bfp4";
        case DataFormat::Tf32: return "Tf32";
        case DataFormat::Float16_b: return "Float16_b";
        case DataFormat::Bfp8_b: return "Bfp8_b";
        case DataFormat::Bfp4_b: return "Bfp4_b";
        case DataFormat::Int32: return "Int32";
        case DataFormat::UInt16: return "UInt16";
        case DataFormat::Lf8: return "Lf8";
        case DataFormat::Bfp2: return "Bfp2";
        case DataFormat::Int8: return "Int8";
        case DataFormat::Bfp2_b: return "Bfp2_b";
        case DataFormat::UInt32: return "UInt32";
        case DataFormat::Fp8_e4m3: return "Fp8_e4m3";
        case DataFormat::UInt8: return "UInt8";
        case DataFormat::RawUInt8: return "RawUInt8";
        case DataFormat::RawUInt16: return "RawUInt16";
        case DataFormat::RawUInt32: return "RawUInt32";
        case DataFormat::Invalid: return "Invalid";
    }
    return "Unknown";
}
}  // namespace tt

namespace tt::tt_metal {

const char* enum_name(BufferType value) {
    switch (value) {
        case BufferType::DRAM: return "DRAM";
        case BufferType::L1: return "L1";
        case BufferType::SYSTEM_MEMORY: return "SYSTEM_MEMORY";
        case BufferType::L1_SMALL: return "L1_SMALL";
        case BufferType::TRACE: return "TRACE";
    }
    return "?";
}
const char* enum_name(TensorMemoryLayout value) {
    switch (value) {
        case TensorMemoryLayout::INTERLEAVED: return "INTERLEAVED";
        case TensorMemoryLayout::HEIGHT_SHARDED: return "HEIGHT_SHARDED";
        case TensorMemoryLayout::WIDTH_SHARDED: return "WIDTH_SHARDED";
        case TensorMemoryLayout::BLOCK_SHARDED: return "BLOCK_SHARDED";
    }
    return "?";
}
const char* enum_name(ShardOrientation value) {
    return value == ShardOrientation::ROW_MAJOR ? "ROW_MAJOR" : "COL_MAJOR";
}

// ---- kernel configs -------------------------------------------------------------------------------------
ReaderDataMovementConfig::ReaderDataMovementConfig(std::vector<std::uint32_t> compile_args,
                                                   std::map<std::string, std::string> defines,
                                                   std::unordered_map<std::string, std::uint32_t> named_compile_args,
                                                   KernelBuildOptLevel opt_level) {
    processor = DataMovementProcessor::RISCV_1;
    noc = NOC::RISCV_1_default;
    this->compile_args = std::move(compile_args);
    this->defines = std::move(defines);
    this->named_compile_args = std::move(named_compile_args);
    this->opt_level = opt_level;
}
WriterDataMovementConfig::WriterDataMovementConfig(std::vector<std::uint32_t> compile_args,
                                                   std::map<std::string, std::string> defines,
                                                   std::unordered_map<std::string, std::uint32_t> named_compile_args,
                                                   KernelBuildOptLevel opt_level) {
    processor = DataMovementProcessor::RISCV_0;
    noc = NOC::RISCV_0_default;
    this->compile_args = std::move(compile_args);
    this->defines = std::move(defines);
    this->named_compile_args = std::move(named_compile_args);
    this->opt_level = opt_level;
}

// ---- Buffer ---------------------------------------------------------------------------------------------
std::shared_ptr<Buffer> Buffer::create(IDevice* device, DeviceAddr size, DeviceAddr page_size, BufferType buffer_type,
                                       const BufferShardingArgs& sharding_args, std::optional<bool>,
                                       std::optional<SubDeviceId>) {
    std::shared_ptr<Buffer> buffer(new Buffer());
    buffer->device_ = device;
    buffer->state_ = emu::shared_device_state(device);
    buffer->size_ = size;
    buffer->page_size_ = page_size;
    buffer->buffer_type_ = buffer_type;
    buffer->sharding_ = sharding_args;
    buffer->place(std::nullopt);
    return buffer;
}

std::shared_ptr<Buffer> Buffer::create(IDevice* device, DeviceAddr address, DeviceAddr size, DeviceAddr page_size,
                                       BufferType buffer_type, const BufferShardingArgs& sharding_args,
                                       std::optional<bool>, std::optional<SubDeviceId>) {
    std::shared_ptr<Buffer> buffer(new Buffer());
    buffer->device_ = device;
    buffer->state_ = emu::shared_device_state(device);
    buffer->size_ = size;
    buffer->page_size_ = page_size;
    buffer->buffer_type_ = buffer_type;
    buffer->sharding_ = sharding_args;
    buffer->place(address);
    return buffer;
}

std::shared_ptr<Buffer> Buffer::create_view(IDevice* device, const Buffer& allocation) {
    std::shared_ptr<Buffer> view(new Buffer());
    view->device_ = device;
    view->state_ = emu::shared_device_state(device);
    TT_FATAL(view->state_->address_space() == allocation.state_->address_space(),
             "Device {} does not share the address space of the buffer at {:#x}", device->id(), allocation.address_);
    view->size_ = allocation.size_;
    view->page_size_ = allocation.page_size_;
    view->address_ = allocation.address_;
    view->bytes_per_bank_ = allocation.bytes_per_bank_;
    view->buffer_type_ = allocation.buffer_type_;
    view->sharding_ = allocation.sharding_;
    view->shard_cores_ = allocation.shard_cores_;
    view->allocated_ = allocation.allocated_;
    view->owns_allocation_ = false;
    return view;
}

Buffer::~Buffer() { deallocate(); }

DeviceAddr Buffer::aligned_page_size() const {
    const auto alignment = is_dram() ? state_->arch().dram_alignment : state_->arch().l1_alignment;
    return (page_size_ + alignment - 1) / alignment * alignment;
}

std::uint32_t Buffer::num_pages() const {
    return page_size_ == 0 ? 0 : static_cast<std::uint32_t>((size_ + page_size_ - 1) / page_size_);
}

std::uint32_t Buffer::num_banks() const {
    if (is_sharded()) return static_cast<std::uint32_t>(shard_cores_.size());
    return is_dram() ? state_->arch().dram_banks : state_->num_worker_cores();
}

void Buffer::place(std::optional<DeviceAddr> fixed_address) {
    TT_FATAL(page_size_ > 0, "Buffer page size must be non-zero (size {})", size_);
    TT_FATAL(size_ > 0, "Buffer size must be non-zero");
    TT_FATAL(is_dram() || is_l1(), "Buffer type {} is not emulated (only DRAM and L1)", enum_name(buffer_type_));
    TT_FATAL(size_ % page_size_ == 0, "Buffer size {} must be a multiple of page size {}", size_, page_size_);
    const DeviceAddr aligned = aligned_page_size();
    if (is_sharded()) {
        TT_FATAL(is_l1(), "Sharded DRAM buffers are not emulated; use L1 for sharded buffers");
        TT_FATAL(sharding_.shard_spec().has_value(), "Sharded buffer ({}) needs a ShardSpecBuffer",
                 enum_name(buffer_layout()));
        const auto& spec = *sharding_.shard_spec();
        shard_cores_ = corerange_to_cores(spec.grid(), std::nullopt, spec.orientation() == ShardOrientation::ROW_MAJOR);
        for (const auto& core : shard_cores_) {
            TT_FATAL(state_->is_worker(core), "Shard core {} is outside the {}x{} worker grid", core.str(),
                     state_->arch().grid_x, state_->arch().grid_y);
        }
        const auto tensor = spec.tensor2d_shape_in_pages;
        const auto shard = spec.shape_in_pages();
        TT_FATAL(shard[0] > 0 && shard[1] > 0, "Shard shape {}x{} is smaller than the page shape {}x{}",
                 spec.shape()[0], spec.shape()[1], spec.page_shape[0], spec.page_shape[1]);
        TT_FATAL(static_cast<DeviceAddr>(tensor[0]) * tensor[1] == num_pages(),
                 "tensor2d_shape_in_pages {}x{} does not match the buffer's {} pages", tensor[0], tensor[1],
                 num_pages());
        const std::uint64_t shards = ((tensor[0] + shard[0] - 1) / shard[0]) * ((tensor[1] + shard[1] - 1) / shard[1]);
        const std::uint64_t shards_per_core = (shards + shard_cores_.size() - 1) / shard_cores_.size();
        bytes_per_bank_ = shards_per_core * shard[0] * shard[1] * aligned;
    } else {
        const std::uint32_t banks = num_banks();
        bytes_per_bank_ = ((num_pages() + banks - 1) / banks) * aligned;
    }
    std::lock_guard lock(state_->allocation_mutex);
    auto& allocator = is_dram() ? state_->dram_allocator : state_->l1_allocator;
    if (fixed_address) {
        TT_FATAL(allocator.allocate_at(*fixed_address, bytes_per_bank_),
                 "Cannot place {} B per bank of {} buffer at address {:#x}: overlaps another buffer or is outside "
                 "[{:#x}, {:#x})",
                 bytes_per_bank_, enum_name(buffer_type_), *fixed_address, allocator.begin(), allocator.end());
        address_ = *fixed_address;
    } else {
        auto address = allocator.allocate(bytes_per_bank_);
        TT_FATAL(address.has_value(), "Out of Memory: Not enough space to allocate {} B {} buffer across {} banks, "
                 "where each bank needs to store {} B", size_, enum_name(buffer_type_), num_banks(), bytes_per_bank_);
        address_ = *address;
    }
    allocated_ = true;
}

void Buffer::deallocate() {
    if (!allocated_) return;
    if (!owns_allocation_) {
        allocated_ = false;
        return;
    }
    std::lock_guard lock(state_->allocation_mutex);
    (is_dram() ? state_->dram_allocator : state_->l1_allocator).release(address_);
    allocated_ = false;
}

Buffer::PageLocation Buffer::page_location(std::uint32_t page_id) const {
    const DeviceAddr aligned = aligned_page_size();
    if (is_sharded()) {
        const auto& spec = *sharding_.shard_spec();
        const auto tensor = spec.tensor2d_shape_in_pages;
        const auto shard = spec.shape_in_pages();
        const std::uint32_t row = page_id / tensor[1], col = page_id % tensor[1];
        const std::uint32_t shard_columns = (tensor[1] + shard[1] - 1) / shard[1];
        const std::uint32_t shard_id = (row / shard[0]) * shard_columns + col / shard[1];
        const std::uint32_t in_shard = (row % shard[0]) * shard[1] + col % shard[1];
        const auto bank = shard_id % shard_cores_.size();
        const auto slot = shard_id / shard_cores_.size();
        return {false, 0, shard_cores_[bank], address_ + (slot * shard[0] * shard[1] + in_shard) * aligned};
    }
    const std::uint32_t banks = num_banks();
    const std::uint32_t bank = page_id % banks;
    const DeviceAddr address = address_ + DeviceAddr{page_id / banks} * aligned;
    if (is_dram()) return {true, bank, {}, address};
    return {false, 0, state_->logical_core(bank), address};
}

std::shared_ptr<Buffer> CreateBuffer(const InterleavedBufferConfig& config) {
    return Buffer::create(config.device, config.size, config.page_size, config.buffer_type);
}
std::shared_ptr<Buffer> CreateBuffer(const InterleavedBufferConfig& config, DeviceAddr address) {
    return Buffer::create(config.device, address, config.size, config.page_size, config.buffer_type);
}
std::shared_ptr<Buffer> CreateBuffer(const ShardedBufferConfig& config) {
    return Buffer::create(config.device, config.size, config.page_size, config.buffer_type,
                          BufferShardingArgs(config.shard_parameters, config.buffer_layout));
}
std::shared_ptr<Buffer> CreateBuffer(const ShardedBufferConfig& config, DeviceAddr address) {
    return Buffer::create(config.device, address, config.size, config.page_size, config.buffer_type,
                          BufferShardingArgs(config.shard_parameters, config.buffer_layout));
}
void DeallocateBuffer(Buffer& buffer) { buffer.deallocate(); }

// ---- CircularBufferConfig -------------------------------------------------------------------------------
CircularBufferConfig::CircularBufferConfig(std::uint32_t total_size,
                                           const std::map<std::uint8_t, tt::DataFormat>& data_format_spec)
    : total_size_(total_size) {
    for (const auto& [index, format] : data_format_spec) {
        check_index(index);
        formats_[index] = format;
        buffer_indices_.insert(index);
    }
}
CircularBufferConfig::CircularBufferConfig(std::uint32_t total_size,
                                           const std::map<std::uint8_t, tt::DataFormat>& data_format_spec,
                                           const Buffer& buffer)
    : CircularBufferConfig(total_size, data_format_spec) {
    set_globally_allocated_address(buffer);
}
CircularBufferConfig::CircularBufferConfig(std::uint32_t total_size) : total_size_(total_size) {}

void CircularBufferConfig::check_index(std::uint8_t buffer_index) const {
    TT_FATAL(buffer_index < NUM_CIRCULAR_BUFFERS, "Buffer index ({}) exceeds max number of circular buffers per core "
             "({})", buffer_index, NUM_CIRCULAR_BUFFERS);
}
CircularBufferConfig& CircularBufferConfig::set_page_size(std::uint8_t buffer_index, std::uint32_t page_size) {
    check_index(buffer_index);
    TT_FATAL(buffer_indices_.count(buffer_index) > 0, "Cannot set page size for buffer index {} because its data "
             "format was not specified", buffer_index);
    TT_FATAL(page_size > 0 && total_size_ % page_size == 0, "Total circular buffer size {} B must be divisible by "
             "page size {} B", total_size_, page_size);
    page_sizes_[buffer_index] = page_size;
    return *this;
}
CircularBufferConfig& CircularBufferConfig::set_total_size(std::uint32_t total_size) {
    total_size_ = total_size;
    return *this;
}
CircularBufferConfig& CircularBufferConfig::set_globally_allocated_address(const Buffer& buffer) {
    TT_FATAL(buffer.is_l1(), "Only L1 buffers can have an associated circular buffer!");
    global_buffer_ = &buffer;
    return *this;
}
CircularBufferConfig& CircularBufferConfig::set_globally_allocated_address_and_total_size(const Buffer& buffer,
                                                                                          std::uint32_t total_size) {
    set_globally_allocated_address(buffer);
    return set_total_size(total_size);
}
CircularBufferConfig& CircularBufferConfig::set_tile_dims(std::uint8_t buffer_index, const Tile& tile) {
    check_index(buffer_index);
    tiles_[buffer_index] = tile;
    return *this;
}
std::optional<std::uint32_t> CircularBufferConfig::globally_allocated_address() const {
    if (global_buffer_ == nullptr) return std::nullopt;
    return static_cast<std::uint32_t>(global_buffer_->address());
}
CircularBufferConfig::Builder CircularBufferConfig::index(std::uint8_t buffer_index) {
    check_index(buffer_index);
    return Builder(*this, buffer_index);
}
const CircularBufferConfig::Builder& CircularBufferConfig::Builder::set_data_format(tt::DataFormat data_format) const {
    parent_.formats_[index_] = data_format;
    parent_.buffer_indices_.insert(index_);
    return *this;
}
const CircularBufferConfig::Builder& CircularBufferConfig::Builder::set_total_size(std::uint32_t total_size) const {
    parent_.total_size_ = total_size;
    return *this;
}
const CircularBufferConfig::Builder& CircularBufferConfig::Builder::set_page_size(std::uint32_t page_size) const {
    parent_.page_sizes_[index_] = page_size;
    return *this;
}
const CircularBufferConfig::Builder& CircularBufferConfig::Builder::set_tile_dims(const Tile& tile) const {
    parent_.tiles_[index_] = tile;
    return *this;
}

// ---- TensorAccessorArgs ---------------------------------------------------------------------------------
TensorAccessorArgs::TensorAccessorArgs(const Buffer& buffer, tensor_accessor::ArgsConfig args_config) {
    TT_FATAL((static_cast<std::uint8_t>(args_config) & ~3u) == 0,
             "TensorAccessorArgs: runtime accessor configs are not emulated (pass ArgConfig::None)");
    const std::uint32_t dram_bit = buffer.is_dram() ? 2u : 0u;
    if (!buffer.is_sharded()) {
        words_ = {dram_bit};
        return;
    }
    const auto& spec = *buffer.shard_spec();
    const auto shard = spec.shape_in_pages();
    const auto& cores = buffer.shard_cores();
    const auto state = buffer.device_state();
    words_ = {1u | dram_bit, 2u, static_cast<std::uint32_t>(cores.size()), spec.tensor2d_shape_in_pages[0],
              spec.tensor2d_shape_in_pages[1], shard[0], shard[1]};
    for (std::size_t i = 0; i < cores.size(); i += 2) {
        auto pack = [&](std::size_t bank) -> std::uint32_t {
            if (bank >= cores.size()) return 0;
            auto noc = state->worker_noc(cores[bank]);
            return static_cast<std::uint32_t>((noc.x << 8) | noc.y);
        };
        words_.push_back(pack(i) | (pack(i + 1) << 16));
    }
}
TensorAccessorArgs::TensorAccessorArgs(const Buffer* buffer, tensor_accessor::ArgsConfig args_config)
    : TensorAccessorArgs(*buffer, args_config) {}
TensorAccessorArgs::TensorAccessorArgs(const std::shared_ptr<Buffer>& buffer, tensor_accessor::ArgsConfig args_config)
    : TensorAccessorArgs(*buffer, args_config) {}
TensorAccessorArgs::TensorAccessorArgs(const distributed::MeshBuffer& buffer, tensor_accessor::ArgsConfig args_config)
    : TensorAccessorArgs(*buffer.get_backing_buffer(), args_config) {}
TensorAccessorArgs::TensorAccessorArgs(const distributed::MeshBuffer* buffer, tensor_accessor::ArgsConfig args_config)
    : TensorAccessorArgs(*buffer->get_backing_buffer(), args_config) {}
TensorAccessorArgs::TensorAccessorArgs(const std::shared_ptr<distributed::MeshBuffer>& buffer,
                                       tensor_accessor::ArgsConfig args_config)
    : TensorAccessorArgs(*buffer->get_backing_buffer(), args_config) {}
TensorAccessorArgs TensorAccessorArgs::create_dram_interleaved() {
    TensorAccessorArgs args;
    args.words_ = {2u};
    return args;
}
TensorAccessorArgs TensorAccessorArgs::create_l1_interleaved() {
    TensorAccessorArgs args;
    args.words_ = {0u};
    return args;
}
void TensorAccessorArgs::append_to(std::vector<std::uint32_t>& compile_time_args) const {
    compile_time_args.insert(compile_time_args.end(), words_.begin(), words_.end());
}
void TensorAccessorArgs::append_to(std::vector<std::uint32_t>& compile_time_args,
                                   std::vector<std::uint32_t>&) const {
    append_to(compile_time_args);
}

// ---- slow-dispatch buffer access ------------------------------------------------------------------------
namespace detail {
void WriteToBufferBytes(Buffer& buffer, const void* host_data, std::size_t bytes) {
    emu::write_buffer(buffer, host_data, bytes);
}
void ReadFromBufferBytes(Buffer& buffer, void* host_data, std::size_t bytes) {
    emu::read_buffer(buffer, host_data, bytes);
}
}  // namespace detail

}  // namespace tt::tt_metal

namespace emu {

namespace {
// Calls copy(device pointer, offset into the transfer, length) for each page piece of bytes [offset,
// offset + bytes) of the buffer, in page order.
template <typename Copy>
void for_each_page(const tt::tt_metal::Buffer& buffer, std::size_t offset, std::size_t bytes, Copy copy) {
    TT_FATAL(buffer.is_allocated(), "Buffer at {:#x} was deallocated", buffer.address());
    TT_FATAL(offset + bytes <= buffer.size(), "Host transfer of {} B at offset {} does not fit buffer of {} B", bytes,
             offset, buffer.size());
    const auto state = buffer.device_state();
    const std::size_t page_size = buffer.page_size();
    for (std::size_t done = 0; done < bytes;) {
        const std::size_t position = offset + done;
        const auto page = static_cast<std::uint32_t>(position / page_size);
        const std::size_t in_page = position % page_size;
        const auto location = buffer.page_location(page);
        std::uint8_t* device = location.in_dram ? state->dram(location.dram_bank) + location.address
                                                : state->l1(location.core) + location.address;
        const std::size_t length = std::min(page_size - in_page, bytes - done);
        copy(device + in_page, done, length);
        done += length;
    }
}
}  // namespace

void write_buffer(const tt::tt_metal::Buffer& buffer, const void* host_data, std::size_t bytes, std::size_t offset) {
    const auto* source = static_cast<const std::uint8_t*>(host_data);
    for_each_page(buffer, offset, bytes, [&](std::uint8_t* device, std::size_t done, std::size_t length) {
        std::memcpy(device, source + done, length);
    });
}

void read_buffer(const tt::tt_metal::Buffer& buffer, void* host_data, std::size_t bytes, std::size_t offset) {
    auto* destination = static_cast<std::uint8_t*>(host_data);
    for_each_page(buffer, offset, bytes, [&](std::uint8_t* device, std::size_t done, std::size_t length) {
        std::memcpy(destination + done, device, length);
    });
}

}  // namespace emu
