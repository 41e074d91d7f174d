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
      arch_(arch_from_environment()) {
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

std::optional<std::uint32_t> DeviceState::worker_at_noc(std::uint32_t noc_x, std::uint32_t noc_y) const {
    if (noc_x < 1 || noc_y < 1) return std::nullopt;
    CoreCoord logical{noc_x - 1, noc_y - 1};
    if (!is_worker(logical)) return std::nullopt;
    return core_index(logical);
}

std::string DeviceState::NocTarget::describe() const {
    return is_dram ? fmt::format("DRAM bank {} offset {:#x}", index, offset)
                   : fmt::format("L1 of worker core index {} offset {:#x}", index, offset);
}

DeviceState::NocTarget DeviceState::resolve_noc(std::uint64_t noc_address, std::uint64_t size,
                                                const char* operation) const {
    const auto noc_x = static_cast<std::uint32_t>((noc_address >> kNocLocalBits) & 0x3F);
    const auto noc_y = static_cast<std::uint32_t>((noc_address >> (kNocLocalBits + kNocNodeBits)) & 0x3F);
    const std::uint64_t local = noc_address & kNocLocalMask;
    if (noc_x == 0) {
        if (noc_y >= arch_.dram_banks) {
            throw Fault("noc access", fmt::format("{} of {} bytes targets NoC ({},{}), where there is no DRAM bank "
                                                  "(banks are at (0,0)..(0,{}))",
                                                  operation, size, noc_x, noc_y, arch_.dram_banks - 1));
        }
        bool covered;
        {
            std::lock_guard lock(const_cast<std::mutex&>(allocation_mutex));
            covered = dram_allocator.covers(local, size);
        }
        if (!covered) {
            throw Fault("noc access",
                        fmt::format("{} of {} bytes at DRAM bank {} address {:#x} is outside every allocated DRAM "
                                    "buffer",
                                    operation, size, noc_y, local));
        }
        return {true, noc_y, local, dram_banks_[noc_y] + local};
    }
    auto core = worker_at_noc(noc_x, noc_y);
    if (!core) {
        throw Fault("noc access", fmt::format("{} of {} bytes targets NoC ({},{}), which is not a worker core "
                                              "(workers are at (1,1)..({},{}); DRAM banks at x=0)",
                                              operation, size, noc_x, noc_y, arch_.grid_x, arch_.grid_y));
    }
    auto offset = l1_offset(local);
    if (!offset || *offset + size > arch_.l1_size) {
        throw Fault("noc access",
                    fmt::format("{} of {} bytes at L1 address {:#x} of core (x={},y={}) is outside its {} B of L1",
                                operation, size, local, noc_x - 1, noc_y - 1, arch_.l1_size));
    }
    return {false, *core, *offset, l1(*core) + *offset};
}

std::uint64_t DeviceState::lowest_l1_buffer_address() const {
    std::lock_guard lock(const_cast<std::mutex&>(allocation_mutex));
    return l1_allocator.lowest_address();
}

}  // namespace emu
