// Per-run, per-core state that kernel threads share (circular buffers) and the per-thread record of one
// running kernel (its args, role, and what it is blocked on, for deadlock reports). Internal to the library.
#pragma once

#include <array>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "emu/kernel_runtime.hpp"
#include "jit.hpp"
#include "kernel_stacks.hpp"
#include "program_run.hpp"
#include "program_state.hpp"

namespace emu {

struct CircularBufferState {
    bool configured = false;
    bool globally_allocated = false;  // placed on an L1 buffer: hardware-style unchecked counters
    std::uint32_t base = 0;           // L1 offset of the region
    std::uint32_t size = 0;
    std::uint32_t page_size = 0;
    std::uint32_t num_pages = 0;
    tt::DataFormat format = tt::DataFormat::Invalid;
    std::int64_t pushed = 0;  // pages pushed since launch
    std::int64_t popped = 0;  // pages popped since launch
    std::uint32_t write_page = 0;
    std::uint32_t read_page = 0;
    std::uint32_t reserved = 0;  // pages reserved and not yet pushed
    std::uint32_t waited = 0;    // pages waited for and not yet popped
    std::int64_t pages_held() const { return pushed - popped; }
};

inline constexpr std::uint32_t kMaxCircularBuffers = 64;

struct CoreRun {
    std::uint32_t index = 0;
    CoreCoord logical;
    std::array<CircularBufferState, kMaxCircularBuffers> cbs{};
    std::mutex mutex;
    std::condition_variable changed;
    // Kernel threads of this core waiting for a word of its L1 (noc_semaphore_wait and friends): woken by the NoC
    // writes, atomics and stores that reach this core's L1 — only those, so a run of many cores does not wake every
    // waiter on every transfer — and only when someone waits.
    std::mutex l1_word_mutex;
    std::condition_variable l1_word_changed;
    std::atomic<std::uint32_t> l1_word_waiters{0};
};

enum class WaitKind { None, CbReserve, CbWait, L1Word };

struct KernelThread {
    ProgramRun* run = nullptr;
    CoreRun* core = nullptr;
    std::string kernel_name;
    KernelRole role = KernelRole::Writer;
    KernelEntry entry = nullptr;
    std::uint32_t* unique_args = nullptr;
    std::uint32_t unique_count = 0;
    std::uint32_t* common_args = nullptr;
    std::uint32_t common_count = 0;
    std::uint8_t noc = 0;
    kernel::ComputeSettings compute;

    std::atomic<bool> finished{false};
    std::atomic<WaitKind> waiting{WaitKind::None};
    std::uint32_t wait_cb = 0;
    std::uint32_t wait_pages = 0;
    const volatile std::uint32_t* wait_address = nullptr;
    std::uint32_t wait_value = 0;
    bool wait_at_least = false;
    PooledThread thread;
    std::set<std::string> watcher_reported;  // warning kinds already reported for this thread

    std::string where() const;
};

// Thrown through kernel code to unwind a kernel thread once the run is aborting. Deliberately not a
// std::exception so kernels' own catch(std::exception&) blocks do not swallow it.
struct KernelAbort {};

// The kernel thread the caller runs on (throws std::logic_error outside kernel threads).
KernelThread& current_kernel_thread();
void set_current_kernel_thread(KernelThread* thread);

// Raises a fault from a kernel thread: records it (first fault wins), aborts the run, unwinds the thread.
[[noreturn]] void raise_fault(KernelThread& thread, const std::string& category, const std::string& message);

std::string describe_cb(const CircularBufferState& cb, std::uint32_t index);

}  // namespace emu
