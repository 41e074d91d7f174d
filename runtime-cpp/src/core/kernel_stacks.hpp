// OS threads for emulated kernels, on stacks kept across program launches. Every launch starts a reader, a writer
// and a compute thread per core; with std::thread each one maps a fresh 8 MiB stack, faults its pages in (the
// compute engine's state lives in its thread-local storage, at the top of the stack) and unmaps it at exit, because
// glibc caches only 40 MiB of stacks — a launch of 50 cores spends more time there than in the kernels. Here the
// stacks stay mapped (and their pages resident) in a process-wide pool; each thread is still new, so its
// thread-local storage starts fresh as on any new thread. Knows nothing about programs or kernels.
#pragma once

#include <pthread.h>

#include <cstddef>

namespace emu {

class PooledThread {
public:
    PooledThread() = default;
    PooledThread(const PooledThread&) = delete;
    PooledThread& operator=(const PooledThread&) = delete;
    ~PooledThread();

    // Runs entry(arg) on a new thread; throws std::system_error when the thread cannot be created.
    void start(void* (*entry)(void*), void* arg);
    bool joinable() const { return started_; }
    // Waits for the thread to end and returns its stack to the pool.
    void join();

private:
    pthread_t handle_{};
    void* stack_ = nullptr;
    bool started_ = false;
};

}  // namespace emu
