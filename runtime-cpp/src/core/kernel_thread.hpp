// Per-run, per-core state that a core's kernels share (circular buffers) and the record of one running kernel (its
// args, role, fiber, the state kernel headers keep per kernel, and what it is blocked on, for deadlock reports).
// Internal to the library.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "emu/kernel_runtime.hpp"
#include "jit.hpp"
#include "kernel_scheduler.hpp"
#include "fiber.hpp"
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

struct KernelThread;

struct CoreRun {
    std::uint32_t index = 0;
    CoreCoord logical;
    std::array<CircularBufferState, kMaxCircularBuffers> cbs{};
    // Guards the CB counters against the watchdog, which reads them from the host thread.
    std::mutex mutex;
    // The scheduler (OS thread) that runs this core's kernels, and those of them parked until something changes on
    // this core: CB pages pushed or popped, or a write, atomic or store into its L1 (guarded by the scheduler).
    KernelScheduler* scheduler = nullptr;
    std::vector<KernelThread*> parked;
};

enum class WaitKind { None, CbReserve, CbWait, L1Word };

// One kernel on one core. ("Thread" for the role it plays: the emulator runs it as a fiber, see KernelScheduler.)
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
    std::unique_ptr<Fiber> fiber;
    CoreRun* parked_on = nullptr;  // the core whose events resume this kernel, while it is parked

    // State the kernel headers and the compute engine keep per kernel (kernels share an OS thread).
    std::shared_ptr<void> compute_engine;
    std::ostringstream debug_print;
    std::uint8_t dprint_trisc = 0;
    std::uint8_t noc_index = 0;  // tt-metal's globals of the same names, loaded while the kernel runs
    std::uint8_t my_x[2] = {0, 0};
    std::uint8_t my_y[2] = {0, 0};
    void* memory_guard = nullptr;  // its raw-L1 fault guard (l1_window.hpp), while another kernel runs

    std::set<std::string> watcher_reported;  // warning kinds already reported for this thread

    std::string where() const;
};

// Thrown through kernel code to unwind a kernel thread once the run is aborting. Deliberately not a
// std::exception so kernels' own catch(std::exception&) blocks do not swallow it.
struct KernelAbort {};

// The kernel the caller runs in (throws std::logic_error outside kernels).
KernelThread& current_kernel_thread();
void set_current_kernel_thread(KernelThread* thread);

// Raises a fault from a kernel thread: records it (first fault wins), aborts the run, unwinds the thread.
[[noreturn]] void raise_fault(KernelThread& thread, const std::string& category, const std::string& message);

std::string describe_cb(const CircularBufferState& cb, std::uint32_t index);

}  // namespace emu
