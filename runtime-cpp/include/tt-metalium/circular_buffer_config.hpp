// CircularBufferConfig: size, per-index data formats and page sizes of one CB region (several indices may
// share one region, each with its own FIFO pointers), optionally placed on an L1 buffer's address.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <unordered_set>

#include <tt-metalium/buffer.hpp>
#include <tt-metalium/circular_buffer_constants.h>
#include <tt-metalium/tile.hpp>
#include <tt-metalium/tt_backend_api_types.hpp>

namespace tt::tt_metal {

using CBHandle = std::uintptr_t;

class CircularBufferConfig {
public:
    CircularBufferConfig(std::uint32_t total_size, const std::map<std::uint8_t, tt::DataFormat>& data_format_spec);
    CircularBufferConfig(std::uint32_t total_size, const std::map<std::uint8_t, tt::DataFormat>& data_format_spec,
                         const Buffer& buffer);
    explicit CircularBufferConfig(std::uint32_t total_size);

    CircularBufferConfig& set_page_size(std::uint8_t buffer_index, std::uint32_t page_size);
    CircularBufferConfig& set_total_size(std::uint32_t total_size);
    CircularBufferConfig& set_globally_allocated_address(const Buffer& buffer);
    CircularBufferConfig& set_globally_allocated_address_and_total_size(const Buffer& buffer,
                                                                        std::uint32_t total_size);
    CircularBufferConfig& set_tile_dims(std::uint8_t buffer_index, const Tile& tile);

    std::uint32_t total_size() const { return total_size_; }
    std::optional<std::uint32_t> globally_allocated_address() const;
    const std::unordered_set<std::uint8_t>& buffer_indices() const { return buffer_indices_; }
    const std::array<std::optional<tt::DataFormat>, NUM_CIRCULAR_BUFFERS>& data_formats() const { return formats_; }
    const std::array<std::optional<std::uint32_t>, NUM_CIRCULAR_BUFFERS>& page_sizes() const { return page_sizes_; }
    const std::array<std::optional<Tile>, NUM_CIRCULAR_BUFFERS>& tiles() const { return tiles_; }
    bool dynamic_cb() const { return global_buffer_ != nullptr; }
    const Buffer* globally_allocated_buffer() const { return global_buffer_; }

    class Builder {
    public:
        Builder(CircularBufferConfig& parent, std::uint8_t buffer_index) : parent_(parent), index_(buffer_index) {}
        const Builder& set_data_format(tt::DataFormat data_format) const;
        const Builder& set_total_size(std::uint32_t total_size) const;
        const Builder& set_page_size(std::uint32_t page_size) const;
        const Builder& set_tile_dims(const Tile& tile) const;

    private:
        CircularBufferConfig& parent_;
        std::uint8_t index_;
    };
    Builder index(std::uint8_t buffer_index);

private:
    void check_index(std::uint8_t buffer_index) const;

    std::uint32_t total_size_ = 0;
    const Buffer* global_buffer_ = nullptr;
    std::array<std::optional<tt::DataFormat>, NUM_CIRCULAR_BUFFERS> formats_{};
    std::array<std::optional<std::uint32_t>, NUM_CIRCULAR_BUFFERS> page_sizes_{};
    std::array<std::optional<Tile>, NUM_CIRCULAR_BUFFERS> tiles_{};
    std::unordered_set<std::uint8_t> buffer_indices_;
};

}  // namespace tt::tt_metal
