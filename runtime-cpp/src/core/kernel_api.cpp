// Definitions of the functions kernel headers call (emu::kernel::*, declared in kernel-include/emu/*.hpp
// and api/dataflow/dataflow_api.h): circular buffers, runtime args, NoC transfers, semaphores, DPRINT.
// Every check that fails raises a fault naming the kernel and core; nothing here may block without
// registering what it waits for (the watchdog reads it).
#include <cstdio>
#include <cstring>
#include <mutex>

#include <fmt/format.h>

#include "emu/fault.hpp"
#include "emu/dataflow_runtime.hpp"
#include "kernel_thread.hpp"

namespace emu {
namespace {


CircularBufferState& cb_state(KernelThread& thread, std::uint32_t cb, const char* api) {
    if (cb >= kMaxCircularBuffers || !thread.core->cbs[cb].configured) {
        raise_fault(thread, "cb config",
                    fmt::format("{}(cb={}) uses circular buffer {}, which is not configured on this core", api, cb, cb));
    }
    return thread.core->cbs[cb];
}

// Parks the kernel on its core until `ready`, registering the wait for deadlock reports. `lock` holds the core's
// mutex and is released while parked (a parked kernel must hold no lock: kernels share their scheduler's thread).
template <typename Ready>
void block_on_cb(KernelThread& thread, std::unique_lock<std::mutex>& lock, WaitKind kind, std::uint32_t cb,
                 std::uint32_t pages, Ready ready) {
    if (ready()) return;
    thread.wait_cb = cb;
    thread.wait_pages = pages;
    thread.waiting.store(kind);
    thread.run->note_progress();  // entering a wait is an event: the watchdog's scans must not straddle it
    while (!ready()) {
        if (thread.run->aborting()) {
            thread.waiting.store(WaitKind::None);
            throw KernelAbort{};
        }
        lock.unlock();
        thread.core->scheduler->park(thread);
        lock.lock();
    }
    thread.waiting.store(WaitKind::None);
}

// After a non-blocking CB query said no: lets the other kernels run before the caller asks again (a kernel that
// polls in a loop would otherwise never give them the chance).
void after_refused_query(KernelThread& thread) {
    if (thread.run->aborting()) throw KernelAbort{};
    thread.core->scheduler->yield(thread);
}

std::uint8_t* local_l1(KernelThread& thread, std::uint32_t address, std::uint64_t size, const char* operation) {
    auto& device = thread.run->device();
    auto offset = device.l1_offset(address);
    if (!offset || *offset + size > device.arch().l1_size) {
        raise_fault(thread, "noc access",
                    fmt::format("{} of {} bytes at local L1 address {:#x} is outside this core's {} B of L1", operation,
                                size, address, device.arch().l1_size));
    }
    return device.l1(thread.core->index) + *offset;
}

DeviceState::NocTarget resolve(KernelThread& thread, std::uint64_t noc_address, std::uint64_t size, const char* op) {
    try {
        return thread.run->device().resolve_noc(noc_address, size, op, thread.noc);
    } catch (const Fault& fault) {
        raise_fault(thread, fault.category(), fault.message());
    }
}

std::mutex debug_print_mutex;

void report_to_watcher(KernelThread& thread, const char* kind, const std::string& message) {
    if (!thread.run->watcher_enabled() || !thread.watcher_reported.insert(kind).second) return;
    std::lock_guard lock(debug_print_mutex);
    std::fprintf(stderr, "[watcher] %s: %s (reported once per kernel thread)\n", thread.where().c_str(),
                 message.c_str());
}

}  // namespace

namespace kernel {

// ---- circular buffers ----------------------------------------------------------------------------------
void cb_reserve_back(std::uint32_t cb, std::uint32_t pages) {
    auto& thread = current_kernel_thread();
    std::unique_lock lock(thread.core->mutex);
    auto& state = cb_state(thread, cb, "cb_reserve_back");
    if (pages > state.num_pages) {
        raise_fault(thread, "cb overflow",
                    fmt::format("cb_reserve_back(cb={}, pages={}) asks for more pages than the CB holds ({} pages of {} B)",
                                cb, pages, state.num_pages, state.page_size));
    }
    if (!state.globally_allocated && state.write_page + pages > state.num_pages) {
        raise_fault(thread, "cb overflow",
                    fmt::format("cb_reserve_back(cb={}, pages={}) at page {} would straddle the end of the {}-page CB "
                                "(a push never wraps mid-block: make the CB a multiple of the block size)",
                                cb, pages, state.write_page, state.num_pages));
    }
    block_on_cb(thread, lock, WaitKind::CbReserve, cb, pages,
                [&] { return state.globally_allocated || state.num_pages - state.pages_held() >= pages; });
    state.reserved = std::max(state.reserved, pages);
    thread.run->note_progress();
}

void cb_push_back(std::uint32_t cb, std::uint32_t pages) {
    auto& thread = current_kernel_thread();
    std::unique_lock lock(thread.core->mutex);
    auto& state = cb_state(thread, cb, "cb_push_back");
    if (!state.globally_allocated && pages > state.reserved) {
        // Hardware only bumps the counter: harmless while the pages fit, an overflow once they do not.
        if (state.pages_held() + pages > state.num_pages) {
            raise_fault(thread, "cb overflow",
                        fmt::format("cb_push_back(cb={}, pages={}) pushes more pages than were reserved with "
                                    "cb_reserve_back and more than the CB has free: {}",
                                    cb, pages, describe_cb(state, cb)));
        }
        report_to_watcher(thread, "cb_push_back without reserve",
                          fmt::format("cb_push_back(cb={}, pages={}) pushes more pages than were reserved with "
                                      "cb_reserve_back ({}); they fit, so it runs as on hardware",
                                      cb, pages, state.reserved));
    }
    state.pushed += pages;
    state.reserved -= std::min(state.reserved, pages);
    state.write_page = state.num_pages == 0 ? 0 : (state.write_page + pages) % state.num_pages;
    thread.run->note_progress();
    thread.core->scheduler->wake(*thread.core);
}

void cb_wait_front(std::uint32_t cb, std::uint32_t pages) {
    auto& thread = current_kernel_thread();
    std::unique_lock lock(thread.core->mutex);
    auto& state = cb_state(thread, cb, "cb_wait_front");
    if (pages > state.num_pages) {
        raise_fault(thread, "cb overflow",
                    fmt::format("cb_wait_front(cb={}, pages={}) waits for more pages than the CB holds ({} pages)", cb,
                                pages, state.num_pages));
    }
    if (!state.globally_allocated && state.read_page + pages > state.num_pages) {
        raise_fault(thread, "cb overflow",
                    fmt::format("cb_wait_front(cb={}, pages={}) at page {} would straddle the end of the {}-page CB",
                                cb, pages, state.read_page, state.num_pages));
    }
    block_on_cb(thread, lock, WaitKind::CbWait, cb, pages, [&] { return state.pages_held() >= pages; });
    state.waited = std::max(state.waited, pages);
    thread.run->note_progress();
}

void cb_pop_front(std::uint32_t cb, std::uint32_t pages) {
    auto& thread = current_kernel_thread();
    std::unique_lock lock(thread.core->mutex);
    auto& state = cb_state(thread, cb, "cb_pop_front");
    if (!state.globally_allocated && pages > state.waited) {
        // Hardware only bumps the counter: harmless for pages that were pushed, an underflow otherwise.
        if (pages > state.pages_held()) {
            raise_fault(thread, "cb underflow",
                        fmt::format("cb_pop_front(cb={}, pages={}) pops more pages than were waited for with "
                                    "cb_wait_front and more than were pushed: {}",
                                    cb, pages, describe_cb(state, cb)));
        }
        report_to_watcher(thread, "cb_pop_front without wait",
                          fmt::format("cb_pop_front(cb={}, pages={}) pops more pages than were waited for with "
                                      "cb_wait_front ({}); they had been pushed, so it runs as on hardware",
                                      cb, pages, state.waited));
    }
    state.popped += pages;
    state.waited -= std::min(state.waited, pages);
    state.read_page = state.num_pages == 0 ? 0 : (state.read_page + pages) % state.num_pages;
    thread.run->note_progress();
    thread.core->scheduler->wake(*thread.core);
}

bool cb_pages_available_at_front(std::uint32_t cb, std::uint32_t pages) {
    auto& thread = current_kernel_thread();
    bool available;
    {
        std::lock_guard lock(thread.core->mutex);
        available = cb_state(thread, cb, "cb_pages_available_at_front").pages_held() >= pages;
    }
    if (!available) after_refused_query(thread);
    return available;
}

bool cb_pages_reservable_at_back(std::uint32_t cb, std::uint32_t pages) {
    auto& thread = current_kernel_thread();
    bool reservable;
    {
        std::lock_guard lock(thread.core->mutex);
        auto& state = cb_state(thread, cb, "cb_pages_reservable_at_back");
        reservable = state.num_pages - state.pages_held() >= pages;
    }
    if (!reservable) after_refused_query(thread);
    return reservable;
}

std::uint32_t cb_read_addr(std::uint32_t cb) {
    auto& thread = current_kernel_thread();
    std::lock_guard lock(thread.core->mutex);
    auto& state = cb_state(thread, cb, "get_read_ptr");
    return thread.run->device().l1_kernel_address(thread.core->index, state.base + state.read_page * state.page_size);
}

std::uint32_t cb_write_addr(std::uint32_t cb) {
    auto& thread = current_kernel_thread();
    std::lock_guard lock(thread.core->mutex);
    auto& state = cb_state(thread, cb, "get_write_ptr");
    return thread.run->device().l1_kernel_address(thread.core->index, state.base + state.write_page * state.page_size);
}

std::uint32_t cb_page_size(std::uint32_t cb) {
    auto& thread = current_kernel_thread();
    std::lock_guard lock(thread.core->mutex);
    return cb_state(thread, cb, "cb_page_size").page_size;
}

std::uint32_t cb_front_pages(std::uint32_t cb) {
    auto& thread = current_kernel_thread();
    std::lock_guard lock(thread.core->mutex);
    return cb_state(thread, cb, "cb_front_pages").waited;
}

std::uint32_t cb_reserved_pages(std::uint32_t cb) {
    auto& thread = current_kernel_thread();
    std::lock_guard lock(thread.core->mutex);
    return cb_state(thread, cb, "cb_reserved_pages").reserved;
}

tt::DataFormat cb_data_format(std::uint32_t cb) {
    auto& thread = current_kernel_thread();
    std::lock_guard lock(thread.core->mutex);
    return cb_state(thread, cb, "cb_data_format").format;
}

bool cb_configured(std::uint32_t cb) {
    auto& thread = current_kernel_thread();
    std::lock_guard lock(thread.core->mutex);
    return cb < kMaxCircularBuffers && thread.core->cbs[cb].configured;
}

CbView cb_view(std::uint32_t cb) {
    auto& thread = current_kernel_thread();
    std::lock_guard lock(thread.core->mutex);
    const auto& state = cb_state(thread, cb, "cb_view");
    return {state.num_pages,
            state.page_size,
            static_cast<std::uint32_t>(std::max<std::int64_t>(0, state.pages_held())),
            state.reserved,
            state.waited,
            state.read_page,
            state.write_page,
            state.globally_allocated};
}

void watcher_warning(const char* kind, const std::string& message) {
    report_to_watcher(current_kernel_thread(), kind, message);
}

void* l1_pointer(std::uint32_t l1_addr, std::uint32_t bytes) {
    return local_l1(current_kernel_thread(), l1_addr, bytes, "L1 access");
}

const ComputeSettings& compute_settings() { return current_kernel_thread().compute; }

void fault(const char* category, const std::string& message) {
    raise_fault(current_kernel_thread(), category, message);
}

// ---- runtime args --------------------------------------------------------------------------------------
std::uint32_t* runtime_arg_pointer(int index) {
    auto& thread = current_kernel_thread();
    if (index < 0 || static_cast<std::uint32_t>(index) >= thread.unique_count) {
        raise_fault(thread, "runtime args",
                    fmt::format("get_arg_val({}) reads past the {} runtime args the host set for this kernel on this "
                                "core (SetRuntimeArgs)",
                                index, thread.unique_count));
    }
    return thread.unique_args + index;
}

std::uint32_t* common_runtime_arg_pointer(int index) {
    auto& thread = current_kernel_thread();
    if (index < 0 || static_cast<std::uint32_t>(index) >= thread.common_count) {
        raise_fault(thread, "runtime args",
                    fmt::format("get_common_arg_val({}) reads past the {} common runtime args the host set "
                                "(SetCommonRuntimeArgs)",
                                index, thread.common_count));
    }
    return thread.common_args + index;
}

// ---- NoC -----------------------------------------------------------------------------------------------
void noc_read(std::uint64_t src_noc_addr, std::uint32_t dst_local_l1_addr, std::uint32_t size) {
    auto& thread = current_kernel_thread();
    auto source = resolve(thread, src_noc_addr, size, "noc_async_read source");
    std::uint8_t* destination = local_l1(thread, dst_local_l1_addr, size, "noc_async_read destination");
    if (thread.run->watcher_enabled()) {
        // The NoC moves a read in words aligned to the source's read alignment (tt-metal noc_parameters.h: 16 bytes
        // in L1, 32 in Wormhole's DRAM, 64 in Blackhole's); source and destination must sit at the same offset within
        // one, or the data lands shifted on silicon. tt-metal's watcher reports such a read; so does this one.
        const auto& arch = thread.run->device().arch();
        const std::uint64_t alignment = source.is_dram ? arch.dram_alignment : arch.l1_alignment;
        if (source.offset % alignment != dst_local_l1_addr % alignment) {
            report_to_watcher(thread, "noc read misaligned",
                              fmt::format("noc_async_read of {} bytes from {} offset {:#x} into L1 {:#x}: source and "
                                          "destination differ modulo the {}-byte read alignment",
                                          size, source.is_dram ? "DRAM" : "L1", source.offset, dst_local_l1_addr,
                                          alignment));
        }
    }
    std::memmove(destination, source.pointer, size);
    thread.run->note_progress();
    thread.run->notify_l1_changed(thread.core->index);
}

void noc_write(std::uint32_t src_local_l1_addr, std::uint64_t dst_noc_addr, std::uint32_t size) {
    auto& thread = current_kernel_thread();
    std::uint8_t* source = local_l1(thread, src_local_l1_addr, size, "noc_async_write source");
    auto destination = resolve(thread, dst_noc_addr, size, "noc_async_write destination");
    std::memmove(destination.pointer, source, size);
    thread.run->note_progress();
    if (!destination.is_dram) thread.run->notify_l1_changed(destination.index);
}

void noc_write_word(std::uint64_t dst_noc_addr, std::uint32_t value) {
    auto& thread = current_kernel_thread();
    auto destination = resolve(thread, dst_noc_addr, 4, "noc_inline_dw_write");
    __atomic_store_n(reinterpret_cast<std::uint32_t*>(destination.pointer), value, __ATOMIC_SEQ_CST);
    thread.run->note_progress();
    if (!destination.is_dram) thread.run->notify_l1_changed(destination.index);
}

void noc_write_multicast(std::uint32_t src_local_l1_addr, std::uint64_t dst_noc_addr_multicast, std::uint32_t size,
                         std::uint32_t num_dests, bool include_source_core) {
    auto& thread = current_kernel_thread();
    auto& device = thread.run->device();
    std::uint8_t* source = local_l1(thread, src_local_l1_addr, size, "noc_async_write_multicast source");
    const auto field = [&](unsigned shift) {
        return static_cast<std::uint32_t>((dst_noc_addr_multicast >> (kNocLocalBits + shift * kNocNodeBits)) & 0x3F);
    };
    const std::uint32_t x_end = field(0), y_end = field(1), x_start = field(2), y_start = field(3);
    const std::uint32_t x0 = std::min(x_start, x_end), x1 = std::max(x_start, x_end);
    const std::uint32_t y0 = std::min(y_start, y_end), y1 = std::max(y_start, y_end);
    const std::uint64_t local = dst_noc_addr_multicast & kNocLocalMask;
    const auto& map = device.noc_map();
    std::uint32_t delivered = 0;
    for (std::uint32_t y = y0; y <= y1; ++y) {
        for (std::uint32_t x = x0; x <= x1; ++x) {
            const NocNode node = map.decode(thread.noc, x, y);
            if (node.kind != NocNodeKind::Worker) {
                raise_fault(thread, "noc access",
                            fmt::format("noc multicast to NoC rectangle ({},{})-({},{}) includes {}", x0, y0, x1, y1,
                                        map.describe(thread.noc, x, y)));
            }
            if (node.index == thread.core->index && !include_source_core) continue;
            auto target = resolve(thread, (std::uint64_t{y} << (kNocLocalBits + kNocNodeBits)) |
                                              (std::uint64_t{x} << kNocLocalBits) | local,
                                  size, "noc multicast destination");
            std::memmove(target.pointer, source, size);
            thread.run->notify_l1_changed(target.index);
            ++delivered;
        }
    }
    if (delivered != num_dests) {
        raise_fault(thread, "noc access",
                    fmt::format("noc multicast to NoC rectangle ({},{})-({},{}) reached {} cores but num_dests is {} "
                                "(on hardware the write barrier would wait for acknowledgements that never come)",
                                x0, y0, x1, y1, delivered, num_dests));
    }
    thread.run->note_progress();
}

void noc_atomic_increment(std::uint64_t dst_noc_addr, std::uint32_t increment) {
    auto& thread = current_kernel_thread();
    auto target = resolve(thread, dst_noc_addr, 4, "noc_semaphore_inc");
    __atomic_fetch_add(reinterpret_cast<std::uint32_t*>(target.pointer), increment, __ATOMIC_SEQ_CST);
    thread.run->note_progress();
    if (!target.is_dram) thread.run->notify_l1_changed(target.index);
}

void noc_barrier() { current_kernel_thread().run->note_progress(); }

void wait_l1_word(volatile std::uint32_t* address, std::uint32_t value, bool at_least) {
    auto& thread = current_kernel_thread();
    const auto word_address = static_cast<std::uint32_t>(reinterpret_cast<std::uintptr_t>(address));
    local_l1(thread, word_address, 4, at_least ? "noc_semaphore_wait_min" : "noc_semaphore_wait");
    auto satisfied = [&] {
        const std::uint32_t current = __atomic_load_n(const_cast<std::uint32_t*>(address), __ATOMIC_SEQ_CST);
        return at_least ? current >= value : current == value;
    };
    if (satisfied()) return;
    thread.wait_address = address;
    thread.wait_value = value;
    thread.wait_at_least = at_least;
    thread.waiting.store(WaitKind::L1Word);
    thread.run->note_progress();
    // Woken by the NoC writes, atomics and API stores that reach this core's L1; a raw store by a kernel of this
    // core is seen at the scheduler's next poll pass.
    while (!satisfied()) {
        if (thread.run->aborting()) {
            thread.waiting.store(WaitKind::None);
            throw KernelAbort{};
        }
        thread.core->scheduler->park(thread);
    }
    thread.waiting.store(WaitKind::None);
    thread.run->note_progress();
}

void spin_wait_hint() {
    auto& thread = current_kernel_thread();
    if (thread.run->aborting()) throw KernelAbort{};
    thread.core->scheduler->yield(thread);
}

void l1_word_stored() {
    auto& thread = current_kernel_thread();
    thread.run->note_progress();
    thread.run->notify_l1_changed(thread.core->index);
}

std::uint64_t interleaved_page_noc_addr(bool is_dram, std::uint32_t bank_base_address, std::uint32_t page_size,
                                        std::uint32_t page_id, std::uint32_t offset) {
    auto& thread = current_kernel_thread();
    auto& device = thread.run->device();
    const std::uint32_t banks = is_dram ? device.arch().dram_banks : device.num_worker_cores();
    const std::uint32_t stride = bank_page_stride(is_dram, page_size);
    const std::uint64_t address = std::uint64_t{bank_base_address} + std::uint64_t{page_id / banks} * stride + offset;
    return device.bank_noc_address(is_dram, page_id % banks, address, thread.noc);
}

std::uint64_t bank_noc_addr(bool is_dram, std::uint32_t bank_id, std::uint32_t bank_address) {
    auto& thread = current_kernel_thread();
    auto& device = thread.run->device();
    const std::uint32_t banks = is_dram ? device.arch().dram_banks : device.num_worker_cores();
    if (bank_id >= banks) {
        raise_fault(thread, "noc access",
                    fmt::format("get_noc_addr_from_bank_id<{}>({}): there are only {} banks", is_dram, bank_id, banks));
    }
    return device.bank_noc_address(is_dram, bank_id, bank_address, thread.noc);
}

std::uint32_t bank_page_stride(bool is_dram, std::uint32_t page_size) {
    const auto& arch = current_kernel_thread().run->device().arch();
    const std::uint32_t alignment = is_dram ? arch.dram_alignment : arch.l1_alignment;
    return (page_size + alignment - 1) / alignment * alignment;
}

std::uint32_t semaphore_l1_address(std::uint32_t semaphore_id) {
    auto& thread = current_kernel_thread();
    if (semaphore_id >= kMaxSemaphoresPerCore) {
        raise_fault(thread, "semaphore", fmt::format("get_semaphore({}): semaphore ids are below {}", semaphore_id,
                                                     kMaxSemaphoresPerCore));
    }
    return thread.run->device().l1_kernel_address(thread.core->index, kSemaphoreBase + semaphore_id * kSemaphoreStride);
}

std::uint32_t kernel_noc_index() { return current_kernel_thread().noc; }
// With coordinate virtualization a core's own coordinate (NOC_ID_LOGICAL) is its virtual one, on both NoCs.
std::uint32_t my_noc_x() {
    auto& thread = current_kernel_thread();
    return static_cast<std::uint32_t>(thread.run->device().worker_noc(thread.core->logical).x);
}
std::uint32_t my_noc_y() {
    auto& thread = current_kernel_thread();
    return static_cast<std::uint32_t>(thread.run->device().worker_noc(thread.core->logical).y);
}
std::uint32_t my_logical_x() { return static_cast<std::uint32_t>(current_kernel_thread().core->logical.x); }
std::uint32_t my_logical_y() { return static_cast<std::uint32_t>(current_kernel_thread().core->logical.y); }

std::ostringstream& debug_print_stream() { return current_kernel_thread().debug_print; }
std::uint8_t& dprint_trisc_slot() { return current_kernel_thread().dprint_trisc; }
std::shared_ptr<void>& compute_engine_slot() { return current_kernel_thread().compute_engine; }

void debug_print_line(const std::string& text) {
    auto& thread = current_kernel_thread();
    const char* role = thread.role == KernelRole::Compute ? "compute" : thread.role == KernelRole::Reader ? "reader" : "writer";
    std::lock_guard lock(debug_print_mutex);
    std::fprintf(stderr, "[core (%zu,%zu) %s] %s\n", thread.core->logical.x, thread.core->logical.y, role, text.c_str());
}

}  // namespace kernel
}  // namespace emu

// Loaded per kernel by KernelScheduler::resume.
thread_local std::uint8_t noc_index = 0;
thread_local std::uint8_t my_x[2] = {0, 0};
thread_local std::uint8_t my_y[2] = {0, 0};
