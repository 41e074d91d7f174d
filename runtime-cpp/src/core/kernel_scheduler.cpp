// The fiber schedulers of a launch (see kernel_scheduler.hpp).
#include "kernel_scheduler.hpp"

#include <algorithm>

#include "emu/dataflow_runtime.hpp"
#include "kernel_thread.hpp"
#include "l1_window.hpp"

namespace emu {

using namespace std::chrono_literals;

KernelScheduler::~KernelScheduler() {
    wake_all();
    join();
}

void KernelScheduler::start() {
    ready_.assign(kernels_.begin(), kernels_.end());
    thread_ = std::thread([this] { run_all(); });
}

void KernelScheduler::join() {
    if (thread_.joinable()) thread_.join();
}

void KernelScheduler::run_all() {
    std::size_t unfinished = kernels_.size();
    // A poll pass that changed nothing is followed by a sleep, doubling up to 1 ms, which an event ends early: a
    // wait that only the host or another run can meet then costs little CPU, and is seen within a millisecond.
    std::chrono::microseconds backoff = 20us;
    std::unique_lock lock(mutex_);
    std::uint64_t events_at_last_poll = events_ - 1;
    while (unfinished > 0) {
        if (wake_all_.load(std::memory_order_relaxed)) ready_all_parked();
        if (ready_.empty()) {
            if (events_ == events_at_last_poll) {
                const std::uint64_t events = events_;
                changed_.wait_for(lock, backoff, [&] { return events_ != events || wake_all_.load(); });
                backoff = std::min<std::chrono::microseconds>(backoff * 2, 1000us);
            } else {
                backoff = 20us;
            }
            events_at_last_poll = events_;
            ready_all_parked();
            continue;
        }
        KernelThread* kernel = ready_.front();
        ready_.pop_front();
        lock.unlock();
        resume(*kernel);
        lock.lock();
        if (kernel->fiber->done()) {
            --unfinished;
            ++events_;
        }
    }
}

void KernelScheduler::resume(KernelThread& kernel) {
    // tt-metal's NoC globals and the fault guard are per OS thread: load the kernel's own.
    noc_index = kernel.noc_index;
    std::copy(std::begin(kernel.my_x), std::end(kernel.my_x), my_x);
    std::copy(std::begin(kernel.my_y), std::end(kernel.my_y), my_y);
    exchange_memory_guard(kernel.memory_guard);
    set_current_kernel_thread(&kernel);
    kernel.fiber->resume();
    set_current_kernel_thread(nullptr);
    kernel.memory_guard = exchange_memory_guard(nullptr);
    kernel.noc_index = noc_index;
    std::copy(std::begin(my_x), std::end(my_x), kernel.my_x);
    std::copy(std::begin(my_y), std::end(my_y), kernel.my_y);
}

void KernelScheduler::park(KernelThread& kernel) {
    {
        std::lock_guard lock(mutex_);
        kernel.parked_on = kernel.core;
        kernel.core->parked.push_back(&kernel);
    }
    // A wake from another thread may move the kernel to the ready queue before it suspends; only this thread
    // resumes it, and not before it has suspended.
    kernel.fiber->suspend();
}

void KernelScheduler::wake(CoreRun& core) {
    bool woke = false;
    {
        std::lock_guard lock(mutex_);
        ++events_;
        for (KernelThread* kernel : core.parked) {
            kernel->parked_on = nullptr;
            ready_.push_back(kernel);
        }
        woke = !core.parked.empty();
        core.parked.clear();
    }
    if (woke) changed_.notify_one();
}

void KernelScheduler::ready_all_parked() {
    for (KernelThread* kernel : kernels_) {
        if (kernel->parked_on == nullptr) continue;
        kernel->parked_on->parked.clear();
        kernel->parked_on = nullptr;
        ready_.push_back(kernel);
    }
}

void KernelScheduler::wake_all() {
    wake_all_.store(true);
    std::lock_guard lock(mutex_);
    changed_.notify_all();
}

}  // namespace emu
