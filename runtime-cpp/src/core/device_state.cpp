// Emulated chip memory and NoC address decoding (see device_state.hpp). Must not know about programs.
#include "device_state.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <string_view>

#include <fmt/format.h>

#include "emu/fault.hpp"
#include "l1_kernel_views.hpp"

namespace emu {

namespace {

const ArchSpec kWormholeB0{tt::ARCH::WORMHOLE_B0, "wormhole_b0", 1499136, 8, 8, 12, 1ull << 30, 32, 16, 32};
const ArchSpec kBlackhole{tt::ARCH::BLACKHOLE, "blackhole", 1572864, 13, 10, 8, 1ull << 31, 64, 16, 64};

std::uint64_t align_up(std::uint64_t value, std::uint64_t alignment) {
    return (value + alignment - 1) / alignment * alignment;
}

}  // namespace

const ArchSpec& arch_from_environment() {
    const char* value = std::getenv("TT_EMU_ARCH");
    if (value == nullptr || *value == '\0' || std::string_view(value) == "wormhole_b0" ||
        std::string_view(value) == "wormhole") {
        return kWormholeB0;
    }
    if (std::string_view(value) == "blackhole") return kBlackhole;
    throw Fault("configuration", fmt::format("TT_EMU_ARCH='{}' is not one of wormhole_b0, blackhole", value));
}

const ArchSpec& arch_named(const char* name) {
    return std::string_view(name) == "blackhole" ? kBlackhole : kWormholeB0;
}

std::optional<std::uint64_t> RangeAllocator::allocate(std::uint64_t size) {
    size = align_up(size == 0 ? alignment_ : size, alignment_);
    if (top_down_) {
        std::uint64_t ceiling = end_;
        for (auto it = live_.rbegin(); it != live_.rend(); ++it) {
            std::uint64_t gap_start = it->first + it->second;
            if (ceiling >= size && ceiling - size >= gap_start) {
                std::uint64_t address = (ceiling - size) / alignment_ * alignment_;
                if (address >= gap_start) {
                    live_[address] = size;
                    return address;
                }
            }
            ceiling = it->first;
        }
        if (ceiling >= size && (ceiling - size) / alignment_ * alignment_ >= begin_) {
            std::uint64_t address = (ceiling - size) / alignment_ * alignment_;
            live_[address] = size;
            return address;
        }
        return std::nullopt;
    }
    std::uint64_t cursor = align_up(begin_, alignment_);
    for (const auto& [start, length] : live_) {
        if (cursor + size <= start) break;
        cursor = align_up(std::max(cursor, start + length), alignment_);
    }
    if (cursor + size > end_) return std::nullopt;
    live_[cursor] = size;
    return cursor;
}

bool RangeAllocator::allocate_at(std::uint64_t address, std::uint64_t size) {
    if (address < begin_ || address + size > end_) return false;
    for (const auto& [start, length] : live_) {
        if (address < start + length && start < address + size) return false;
    }
    live_[address] = size;
    return true;
}

void RangeAllocator::release(std::uint64_t address) { live_.erase(address); }

std::uint64_t RangeAllocator::lowest_address() const { return live_.empty() ? end_ : live_.begin()->first; }

bool RangeAllocator::covers(std::uint64_t address, std::uint64_t size) const {
    auto it = live_.upper_bound(address);
    if (it == live_.begin()) return false;
    --it;
    return address >= it->first && address + size <= it->first + it->second;
}

AddressSpace::AddressSpace(const ArchSpec& arch)
    : dram(kDramUnreservedBase, arch.dram_bank_size, arch.dram_alignment, false),
      l1(kL1UnreservedBase, arch.l1_size, arch.l1_alignment, true) {}

DeviceState::DeviceState(int device_id, std::shared_ptr<AddressSpace> addresses)
    : addresses_(addresses ? std::move(addresses) : std::make_shared<AddressSpace>(arch_from_environment())),
      allocation_mutex(addresses_->mutex),
      dram_allocator(addresses_->dram),
      l1_allocator(addresses_->l1),
      id_(device_id),
      arch_(arch_from_environment()),
      noc_map_(NocMap::of(arch_)) {
    // Every core's L1 is a 2 MiB slot of one memfd, so the same pages can be mapped for the host (here), for
    // kernels below 2 GiB (begin_kernel_view) and at a core's hardware addresses (l1_window.hpp).
    l1_slots_size_ = std::size_t{num_worker_cores()} * kL1SlotSize;
    l1_fd_ = memfd_create("tt-emu-l1", MFD_CLOEXEC);
    if (l1_fd_ < 0 || ftruncate(l1_fd_, static_cast<off_t>(l1_slots_size_)) != 0) {
        throw Fault("configuration", fmt::format("cannot create the emulated L1 (memfd of {} bytes): {}",
                                                 l1_slots_size_, std::strerror(errno)));
    }
    void* host = mmap(nullptr, l1_slots_size_, PROT_READ | PROT_WRITE, MAP_SHARED, l1_fd_, 0);
    if (host == MAP_FAILED) {
        throw Fault("configuration", fmt::format("cannot map the emulated L1 slots: {}", std::strerror(errno)));
    }
    l1_host_ = static_cast<std::uint8_t*>(host);
    for (std::uint32_t bank = 0; bank < arch_.dram_banks; ++bank) {
        void* bank_mapping = mmap(nullptr, arch_.dram_bank_size, PROT_READ | PROT_WRITE,
                                  MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (bank_mapping == MAP_FAILED) {
            throw Fault("configuration", fmt::format("cannot map emulated DRAM bank {}: {}", bank, std::strerror(errno)));
        }
        dram_banks_.push_back(static_cast<std::uint8_t*>(bank_mapping));
    }
}

DeviceState::~DeviceState() {
    forget_kernel_view(this);
    for (auto* bank : dram_banks_) munmap(bank, arch_.dram_bank_size);
    if (l1_host_ != nullptr) munmap(l1_host_, l1_slots_size_);
    if (l1_fd_ >= 0) close(l1_fd_);
}

bool DeviceState::begin_kernel_view(bool wait) {
    std::lock_guard lock(kernel_view_mutex_);
    std::uint8_t* view = borrow_kernel_view(this, l1_fd_, l1_slots_size_, wait);
    if (view == nullptr) return false;
    l1_kernel_ = view;
    ++kernel_view_holders_;
    return true;
}

void DeviceState::end_kernel_view() {
    std::lock_guard lock(kernel_view_mutex_);
    if (kernel_view_holders_ == 0) return;
    return_kernel_view(this);
    if (--kernel_view_holders_ == 0) l1_kernel_ = nullptr;
}

std::optional<std::uint32_t> DeviceState::l1_offset(std::uint64_t address) const {
    if (address < kL1SlotSize) return static_cast<std::uint32_t>(address);
    const auto slots_begin = reinterpret_cast<std::uintptr_t>(l1_kernel_);
    const auto slots_end = slots_begin + l1_slots_size_;
    if (l1_kernel_ != nullptr && address >= slots_begin && address < slots_end) {
        return static_cast<std::uint32_t>((address - slots_begin) % kL1SlotSize);
    }
    return std::nullopt;
}

std::string DeviceState::NocTarget::describe() const {
    return is_dram ? fmt::format("DRAM bank {} offset {:#x}", index, offset)
                   : fmt::format("L1 of worker core index {} offset {:#x}", index, offset);
}

std::uint64_t DeviceState::bank_noc_address(bool is_dram, std::uint32_t bank, std::uint64_t address,
                                            std::uint8_t noc) const {
    CoreCoord coord = is_dram ? noc_map_.on_noc(noc, noc_map_.dram_endpoint(bank)) : worker_noc(logical_core(bank));
    if (is_dram) address += noc_map_.dram_bank_offset(bank);
    return (std::uint64_t{coord.y} << (kNocLocalBits + kNocNodeBits)) | (std::uint64_t{coord.x} << kNocLocalBits) |
           address;
}

DeviceState::NocTarget DeviceState::resolve_noc(std::uint64_t noc_address, std::uint64_t size, const char* operation,
                                                std::uint8_t noc) const {
    const auto noc_x = static_cast<std::uint32_t>((noc_address >> kNocLocalBits) & 0x3F);
    const auto noc_y = static_cast<std::uint32_t>((noc_address >> (kNocLocalBits + kNocNodeBits)) & 0x3F);
    const std::uint64_t local = noc_address & kNocLocalMask;
    const NocNode node = noc_map_.decode(noc, noc_x, noc_y);
    if (node.kind == NocNodeKind::Dram) {
        const auto [bank, bank_address] = noc_map_.dram_bank_at(node.index, local);
        bool covered;
        {
            std::lock_guard lock(const_cast<std::mutex&>(allocation_mutex));
            covered = bank_address + size <= arch_.dram_bank_size && dram_allocator.covers(bank_address, size);
        }
        if (!covered) {
            throw Fault("noc access",
                        fmt::format("{} of {} bytes at DRAM bank {} address {:#x} (NoC {} ({},{}) local address {:#x}) "
                                    "is outside every allocated DRAM buffer",
                                    operation, size, bank, bank_address, noc, noc_x, noc_y, local));
        }
        return {true, bank, bank_address, dram_banks_[bank] + bank_address};
    }
    if (node.kind != NocNodeKind::Worker) {
        throw Fault("noc access", fmt::format("{} of {} bytes targets {}; {}", operation, size,
                                              noc_map_.describe(noc, noc_x, noc_y), noc_map_.worker_summary()));
    }
    auto offset = l1_offset(local);
    if (!offset || *offset + size > arch_.l1_size) {
        throw Fault("noc access",
                    fmt::format("{} of {} bytes at L1 address {:#x} of core (x={},y={}) is outside its {} B of L1",
                                operation, size, local, node.logical.x, node.logical.y, arch_.l1_size));
    }
    return {false, node.index, *offset, l1(node.index) + *offset};
}

std::uint64_t DeviceState::lowest_l1_buffer_address() const {
    std::lock_guard lock(const_cast<std::mutex&>(allocation_mutex));
    return l1_allocator.lowest_address();
}

}  // namespace emu
