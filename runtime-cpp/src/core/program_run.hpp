// One launch of a Program on an emulated device: JIT-builds its kernels, lays out circular buffers and
// semaphores in L1, copies runtime args into L1, runs a reader, writer and compute kernel per core (as fibers on
// a few OS threads, KernelScheduler), and watches for deadlock. Faults raised by kernels or the watchdog are rethrown
// by wait().
#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <tt-metalium/program.hpp>

#include "device_state.hpp"
#include "kernel_scheduler.hpp"

namespace emu {

struct CoreRun;
struct KernelThread;

class ProgramRun {
public:
    // Prepares everything (may throw emu::Fault: L1 overflow, compile error, ...); starts nothing.
    ProgramRun(std::shared_ptr<DeviceState> device, tt::tt_metal::Program& program);
    ~ProgramRun();
    ProgramRun(const ProgramRun&) = delete;
    ProgramRun& operator=(const ProgramRun&) = delete;

    // Starts the kernels, first waiting for a kernel view of the device's L1 if all are busy.
    void start();
    // Starts only if a kernel view is free now; false (nothing started) otherwise.
    bool try_start();
    bool started() const { return started_; }
    // Blocks until every kernel has finished; throws emu::Fault if any fault was raised.
    void wait();

    // ---- used by kernel threads (program_run.cpp / kernel_api.cpp) ------------------------------------
    DeviceState& device() { return *device_; }
    void record_fault(const std::string& category, const std::string& message);
    bool aborting() const { return aborting_.load(std::memory_order_relaxed); }
    // TT_METAL_WATCHER was set (non-empty, not "0") when the run was prepared.
    bool watcher_enabled() const { return watcher_enabled_; }
    // Kernels run on one core only: its L1 is shown at its hardware addresses (raw L1 pointers work).
    bool single_core() const { return cores_.size() == 1; }
    void note_progress() { progress_.fetch_add(1); }
    // Makes the kernels parked on the run's core with device core index `core_index` re-check their waits, after a
    // write to its L1 (a core outside the run: nothing to do). Called from kernels.
    void notify_l1_changed(std::uint32_t core_index);

    void thread_finished();

private:
    void abort_all();
    bool wait_can_be_met(const KernelThread& thread) const;
    std::string describe_stall(std::size_t blocked, std::size_t unfinished, long stalled_ms) const;

    std::shared_ptr<DeviceState> device_;
    std::vector<std::unique_ptr<CoreRun>> cores_;
    // The run's cores by device core index (nullptr where the program has no kernel).
    std::vector<CoreRun*> core_by_index_;
    std::vector<std::unique_ptr<KernelThread>> threads_;
    std::atomic<std::uint64_t> progress_{0};
    std::atomic<bool> aborting_{false};
    std::atomic<std::size_t> finished_{0};
    std::mutex state_mutex_;
    std::condition_variable state_changed_;
    std::mutex fault_mutex_;
    std::optional<std::pair<std::string, std::string>> fault_;
    bool watcher_enabled_ = false;
    bool window_held_ = false;
    std::atomic<bool> kernel_view_held_{false};
    void release_window();
    // Returns the kernel view once (when the last kernel thread finishes, or at wait / destruction).
    void release_kernel_view();
    void launch_threads();
    // A pointer kernels on `core_index` use for L1 offset `offset` (needs the kernel view).
    std::uint32_t* kernel_pointer(std::uint32_t core_index, std::uint32_t offset) const;
    bool started_ = false;
    bool joined_ = false;
    void join_schedulers();
    // Last member: destroyed first, so their threads have stopped before the kernels and cores they run go.
    std::vector<std::unique_ptr<KernelScheduler>> schedulers_;
};

}  // namespace emu
