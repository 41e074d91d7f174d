// Kernel-side TensorAccessorArgs / TensorAccessor: page id -> 64-bit NoC address for interleaved and sharded
// buffers, decoded from the compile-time words the host's TensorAccessorArgs::append_to wrote.
// Word layout (host and kernel must agree; interleaved is exactly upstream's single config word):
//   interleaved: [config]                       config bit0 = sharded, bit1 = DRAM
//   sharded:     [config, rank, num_banks, tensor_shape_in_pages[rank], shard_shape_in_pages[rank],
//                 bank_coords[ceil(num_banks/2)]]   each coord 16 bits: (noc_x << 8) | noc_y, low half first
// Only compile-time configs are emulated (runtime-rank/shape/bank args fault at compile time).
#pragma once

#include <cstddef>
#include <cstdint>

#include "emu/kernel_common.h"

namespace tensor_accessor {
enum class ArgConfig : std::uint8_t {
    None = 0,
    Sharded = 1 << 0,
    IsDram = 1 << 1,
    RuntimeRank = 1 << 2,
    RuntimeNumBanks = 1 << 3,
    RuntimeTensorShape = 1 << 4,
    RuntimeShardShape = 1 << 5,
    RuntimeBankCoords = 1 << 6,
};
inline constexpr std::size_t UNKNOWN = static_cast<std::size_t>(-1);
}  // namespace tensor_accessor

namespace emu::kernel {
template <std::size_t Index>
constexpr std::uint32_t compile_time_arg_or_zero() {
    if constexpr (Index < EMU_COMPILE_TIME_ARG_COUNT) {
        return compile_time_args[Index];
    } else {
        return 0;
    }
}
}  // namespace emu::kernel

template <std::size_t CTA_OFFSET, std::size_t CRTA_OFFSET = tensor_accessor::UNKNOWN>
struct TensorAccessorArgs {
    static constexpr std::uint32_t config = get_compile_time_arg_val(CTA_OFFSET);
    static_assert((config & ~3u) == 0,
                  "TensorAccessorArgs: runtime (common-runtime-arg) accessor configs are not emulated");
    static constexpr bool is_sharded = (config & 1u) != 0;
    static constexpr bool is_dram = (config & 2u) != 0;
    static constexpr std::uint32_t rank =
        is_sharded ? ::emu::kernel::compile_time_arg_or_zero<CTA_OFFSET + 1>() : 0;
    static constexpr std::uint32_t num_banks =
        is_sharded ? ::emu::kernel::compile_time_arg_or_zero<CTA_OFFSET + 2>() : 0;
    static constexpr std::uint32_t num_words = is_sharded ? 3 + 2 * rank + (num_banks + 1) / 2 : 1;
    static_assert(CTA_OFFSET + num_words <= EMU_COMPILE_TIME_ARG_COUNT,
                  "TensorAccessorArgs: the host passed fewer compile-time args than this accessor needs");

    static constexpr std::uint32_t compile_time_args_skip() { return num_words; }
    static constexpr std::uint32_t runtime_args_skip() { return 0; }
    static constexpr std::uint32_t next_compile_time_args_offset() { return CTA_OFFSET + num_words; }
    static constexpr std::uint32_t next_common_runtime_args_offset() {
        return CRTA_OFFSET == tensor_accessor::UNKNOWN ? 0 : static_cast<std::uint32_t>(CRTA_OFFSET);
    }
    static constexpr std::uint32_t word(std::uint32_t index) {
        return ::emu::kernel::compile_time_args[CTA_OFFSET + index];
    }
};

template <typename Args>
struct TensorAccessor {
    std::uint32_t bank_base_address;
    std::uint32_t page_size;

    constexpr TensorAccessor(const Args&, std::uint32_t bank_base_address_, std::uint32_t page_size_ = 0)
        : bank_base_address(bank_base_address_), page_size(page_size_) {}

    std::uint64_t get_noc_addr(const std::uint32_t page_id, const std::uint32_t offset = 0,
                               std::uint8_t noc = noc_index) const {
        (void)noc;
        if constexpr (!Args::is_sharded) {
            return ::emu::kernel::interleaved_page_noc_addr(Args::is_dram, bank_base_address, page_size, page_id,
                                                            offset);
        } else {
            constexpr std::uint32_t rank = Args::rank;
            std::uint32_t remaining = page_id;
            std::uint32_t shard_id = 0, page_in_shard = 0, shard_stride = 1, page_stride = 1, shard_volume = 1;
            for (std::uint32_t d = rank; d-- > 0;) {
                const std::uint32_t tensor_dim = Args::word(3 + d);
                const std::uint32_t shard_dim = Args::word(3 + rank + d);
                const std::uint32_t coord = remaining % tensor_dim;
                remaining /= tensor_dim;
                shard_id += (coord / shard_dim) * shard_stride;
                page_in_shard += (coord % shard_dim) * page_stride;
                shard_stride *= (tensor_dim + shard_dim - 1) / shard_dim;
                page_stride *= shard_dim;
                shard_volume *= shard_dim;
            }
            const std::uint32_t bank = shard_id % Args::num_banks;
            const std::uint32_t slot = shard_id / Args::num_banks;
            const std::uint32_t packed = Args::word(3 + 2 * rank + bank / 2);
            const std::uint32_t coord16 = (bank % 2 == 0) ? (packed & 0xFFFFu) : (packed >> 16);
            const std::uint32_t stride = ::emu::kernel::bank_page_stride(Args::is_dram, page_size);
            const std::uint32_t address = bank_base_address + (slot * shard_volume + page_in_shard) * stride + offset;
            return NOC_XY_ADDR(coord16 >> 8, coord16 & 0xFFu, address);
        }
    }
};

template <typename Args>
TensorAccessor(const Args&, std::uint32_t, std::uint32_t) -> TensorAccessor<Args>;
template <typename Args>
TensorAccessor(const Args&, std::uint32_t) -> TensorAccessor<Args>;
