// Runs kernels of one program launch as fibers on one OS thread. A launch has one scheduler per OS thread it uses
// (ProgramRun deals the cores out to them; a core's three kernels share one). A kernel runs until it waits for a CB
// or an L1 word; it then parks on its core and the next ready kernel runs. Events on a core (pages pushed or popped,
// a NoC write, atomic or store into its L1) make that core's parked kernels ready again, from whichever thread
// causes them; they re-check what they wait for. When no kernel is ready, a poll pass resumes every parked one once
// (a raw L1 store, the host or another run may have met a wait without an event); if that changes nothing, the
// thread sleeps until an event or a timeout (20 µs doubling to 1 ms) before polling again.
// Compared with an OS thread per kernel this spends no system call per hand-off: a launch of 50 cores used to
// spend most of its time in the OS scheduler. Knows which kernel runs and what it waits on; must not know what a
// CB or an L1 word is (kernel_api.cpp decides readiness) nor detect deadlock (ProgramRun's watchdog does).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

namespace emu {

struct CoreRun;
struct KernelThread;

class KernelScheduler {
public:
    KernelScheduler() = default;
    ~KernelScheduler();
    KernelScheduler(const KernelScheduler&) = delete;
    KernelScheduler& operator=(const KernelScheduler&) = delete;

    // Adds a kernel (with its fiber, on one of this scheduler's cores) before start().
    void add(KernelThread& kernel) { kernels_.push_back(&kernel); }
    // Starts the OS thread that runs the added kernels; returns at once.
    void start();
    // Waits for that thread to end: every kernel finished (or unwound after an abort).
    void join();

    // ---- from kernels, on this scheduler's thread -----------------------------------------------------------
    // Suspends the calling kernel until an event on its core or the next poll pass. The caller re-checks its
    // condition afterwards and must hold no lock.
    void park(KernelThread& kernel);
    // The same for a kernel that polls with a non-blocking call that said no (a CB query, invalidate_l1_cache):
    // its answer can only change with an event on its core or, at worst, by the next poll pass.
    void yield(KernelThread& kernel) { park(kernel); }

    // ---- from any thread --------------------------------------------------------------------------------
    // Something a kernel on `core` (one of this scheduler's) may wait for changed: its parked kernels become ready.
    void wake(CoreRun& core);
    // The run is aborting: resume every kernel so that it unwinds.
    void wake_all();

private:
    void run_all();
    void resume(KernelThread& kernel);
    void ready_all_parked();  // with mutex_ held

    std::vector<KernelThread*> kernels_;
    std::mutex mutex_;  // guards ready_, events_, the parked lists of this scheduler's cores and their kernels' parked_on
    std::condition_variable changed_;
    std::deque<KernelThread*> ready_;
    std::uint64_t events_ = 0;  // wake() calls and kernels finishing
    std::thread thread_;
    std::atomic<bool> wake_all_{false};
};

}  // namespace emu
