// Allocator (tt-metalium/allocator.hpp): the queries programs make through device->allocator() about
// bank layout. The emulator's real allocation lives in the library (emu::DeviceState); this only reports
// its parameters. Must not allocate.
#pragma once

#include <cstdint>

#include <tt-metalium/buffer_types.hpp>

namespace tt::tt_metal {

class Allocator {
public:
    struct Layout {
        std::uint32_t dram_alignment = 32, l1_alignment = 16;
        std::uint32_t dram_banks = 12, l1_banks = 64;
        DeviceAddr dram_bank_size = 0, l1_bank_size = 0;
        DeviceAddr dram_unreserved_base = 0, l1_unreserved_base = 0;
    };
    explicit Allocator(const Layout& layout) : layout_(layout) {}

    // Alignment of a page of a buffer of this type (interleaved page stride).
    std::uint32_t get_alignment(BufferType buffer_type) const {
        return buffer_type == BufferType::DRAM ? layout_.dram_alignment : layout_.l1_alignment;
    }
    std::uint32_t get_num_banks(const BufferType& buffer_type) const {
        return buffer_type == BufferType::DRAM ? layout_.dram_banks : layout_.l1_banks;
    }
    DeviceAddr get_bank_size(const BufferType& buffer_type) const {
        return buffer_type == BufferType::DRAM ? layout_.dram_bank_size : layout_.l1_bank_size;
    }
    DeviceAddr get_base_allocator_addr(const BufferType& buffer_type) const {
        return buffer_type == BufferType::DRAM ? layout_.dram_unreserved_base : layout_.l1_unreserved_base;
    }

private:
    Layout layout_;
};

}  // namespace tt::tt_metal
