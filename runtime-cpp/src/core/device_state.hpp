// The emulated chip: architecture constants, per-core L1 (a memfd of one 2 MiB slot per core, mapped once for
// the host and, while a program runs, once more below 2 GiB so a 32-bit L1 address is also a host pointer),
// DRAM banks, buffer allocators (shared by every chip of a mesh, so a mesh buffer has one address on all of
// them) and NoC address decoding. Memory is reserved, not committed: pages appear on first touch, so an idle
// chip costs almost nothing. Knows nothing about programs or kernels; those live in program_run.*.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <tt-metalium/base_types.hpp>
#include <tt-metalium/core_coord.hpp>

#include "l1_window.hpp"
#include "noc_map.hpp"

namespace emu {

using tt::tt_metal::CoreCoord;

struct ArchSpec {
    tt::ARCH arch;
    const char* name;
    std::uint32_t l1_size;          // bytes of worker L1 per core
    std::uint32_t grid_x, grid_y;   // compute-with-storage grid
    std::uint32_t dram_banks;
    std::uint64_t dram_bank_size;   // bytes per bank (emulated; address space only, pages on demand)
    std::uint32_t dram_alignment;   // interleaved page stride alignment in DRAM
    std::uint32_t l1_alignment;
    std::uint32_t max_circular_buffers;
};

// Selected by TT_EMU_ARCH=wormhole_b0|blackhole (default wormhole_b0).
const ArchSpec& arch_from_environment();
// The spec of "wormhole_b0" or "blackhole".
const ArchSpec& arch_named(const char* name);

// Fixed L1 layout of every emulated worker core.
inline constexpr std::uint32_t kL1SlotSize = 2u << 20;
inline constexpr std::uint32_t kRuntimeArgsBase = 0x1000;      // 3 roles x 2 KiB unique args
inline constexpr std::uint32_t kCommonRuntimeArgsBase = 0x2800; // 3 roles x 2 KiB common args
inline constexpr std::uint32_t kRuntimeArgsStride = 0x800;
inline constexpr std::uint32_t kSemaphoreBase = 0x4000;
inline constexpr std::uint32_t kSemaphoreStride = 16;
inline constexpr std::uint32_t kMaxSemaphoresPerCore = 16;
inline constexpr std::uint32_t kL1UnreservedBase = 0x18000;    // first byte CBs may use
inline constexpr std::uint64_t kDramUnreservedBase = 0x40000;  // first byte DRAM buffers may use

// NoC address layout: [47:42] y, [41:36] x, [35:0] local address. Coordinates: noc_map.hpp.
inline constexpr std::uint32_t kNocLocalBits = 36;
inline constexpr std::uint32_t kNocNodeBits = 6;
inline constexpr std::uint64_t kNocLocalMask = (std::uint64_t{1} << kNocLocalBits) - 1;

// First-fit allocator of one address range; every bank of a kind shares one (same address in all banks).
class RangeAllocator {
public:
    RangeAllocator(std::uint64_t begin, std::uint64_t end, std::uint64_t alignment, bool top_down)
        : begin_(begin), end_(end), alignment_(alignment), top_down_(top_down) {}
    std::optional<std::uint64_t> allocate(std::uint64_t size);
    bool allocate_at(std::uint64_t address, std::uint64_t size);
    void release(std::uint64_t address);
    // Lowest live allocation start, or end of range if nothing is allocated.
    std::uint64_t lowest_address() const;
    bool covers(std::uint64_t address, std::uint64_t size) const;
    std::uint64_t begin() const { return begin_; }
    std::uint64_t end() const { return end_; }

private:
    std::uint64_t begin_, end_, alignment_;
    bool top_down_;
    std::map<std::uint64_t, std::uint64_t> live_;  // start -> size
};

// Address ranges of DRAM and L1 buffers. One per mesh: every chip of a mesh (and its submeshes) allocates
// in lock step, as tt-metal's mesh allocator does, so a buffer sits at the same address on each of them.
struct AddressSpace {
    AddressSpace(const ArchSpec& arch);
    std::mutex mutex;
    RangeAllocator dram;
    RangeAllocator l1;
};

class DeviceState {
public:
    // `addresses`: the allocator shared with the other chips of a mesh; a new one when empty.
    explicit DeviceState(int device_id, std::shared_ptr<AddressSpace> addresses = nullptr);
    ~DeviceState();
    DeviceState(const DeviceState&) = delete;
    DeviceState& operator=(const DeviceState&) = delete;

    const ArchSpec& arch() const { return arch_; }
    int id() const { return id_; }
    std::uint32_t num_worker_cores() const { return arch_.grid_x * arch_.grid_y; }
    bool is_worker(const CoreCoord& logical) const { return logical.x < arch_.grid_x && logical.y < arch_.grid_y; }
    std::uint32_t core_index(const CoreCoord& logical) const {
        return static_cast<std::uint32_t>(logical.y * arch_.grid_x + logical.x);
    }
    CoreCoord logical_core(std::uint32_t core_index) const { return {core_index % arch_.grid_x, core_index / arch_.grid_x}; }
    const NocMap& noc_map() const { return noc_map_; }
    // Virtual NoC coordinate of a logical worker (what worker_core_from_logical_core returns).
    CoreCoord worker_noc(const CoreCoord& logical) const { return noc_map_.worker_virtual(logical); }
    // The NoC address of `address` in bank `bank` as a kernel on NoC `noc` gets it from the bank tables.
    std::uint64_t bank_noc_address(bool is_dram, std::uint32_t bank, std::uint64_t address, std::uint8_t noc) const;

    // Host view of a core's L1 (any address; valid while the device is open).
    std::uint8_t* l1(std::uint32_t core_index) const { return l1_host_ + std::size_t{core_index} * kL1SlotSize; }
    std::uint8_t* l1(const CoreCoord& logical) const { return l1(core_index(logical)); }
    std::uint8_t* dram(std::uint32_t bank) const { return dram_banks_[bank]; }
    // The memfd behind every core's L1 (for the raw-pointer window, l1_window.hpp).
    L1Backing l1_backing() const { return {l1_fd_, kL1SlotSize, arch_.l1_size}; }
    // Shows this chip's L1 below 2 GiB for the kernels of a run (l1_kernel_views.hpp); calls nest. When
    // every view is busy: false if `wait` is false, else waits for one.
    bool begin_kernel_view(bool wait);
    void end_kernel_view();
    // The 32-bit address a kernel on `core_index` sees for L1 offset `offset` (a real host pointer while a
    // kernel view is held).
    std::uint32_t l1_kernel_address(std::uint32_t core_index, std::uint32_t offset) const {
        return static_cast<std::uint32_t>(
            reinterpret_cast<std::uintptr_t>(l1_kernel_ + std::size_t{core_index} * kL1SlotSize + offset));
    }
    // L1 offset of an address given either as an offset or as a pointer into any core's slot.
    std::optional<std::uint32_t> l1_offset(std::uint64_t address) const;

    // A NoC target resolved to host memory. Throws emu::Fault (category "noc access") when invalid.
    struct NocTarget {
        bool is_dram;
        std::uint32_t index;     // bank or worker core index
        std::uint64_t offset;    // byte offset inside that bank / L1
        std::uint8_t* pointer;
        std::string describe() const;
    };
    // `noc` is the NoC the access is issued on (physical coordinates of DRAM, PCIe, ... are mirrored on NoC 1).
    NocTarget resolve_noc(std::uint64_t noc_address, std::uint64_t size, const char* operation,
                          std::uint8_t noc = 0) const;

    const std::shared_ptr<AddressSpace>& address_space() const { return addresses_; }

private:
    std::shared_ptr<AddressSpace> addresses_;

public:
    std::mutex& allocation_mutex;
    RangeAllocator& dram_allocator;
    RangeAllocator& l1_allocator;
    std::uint64_t lowest_l1_buffer_address() const;

private:
    int id_;
    const ArchSpec& arch_;
    std::size_t l1_slots_size_ = 0;
    std::uint8_t* l1_host_ = nullptr;
    std::uint8_t* l1_kernel_ = nullptr;
    int kernel_view_holders_ = 0;
    std::mutex kernel_view_mutex_;
    const NocMap& noc_map_;
    int l1_fd_ = -1;
    std::vector<std::uint8_t*> dram_banks_;
};

}  // namespace emu
