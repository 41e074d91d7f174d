// The pool of kernel-thread stacks (see kernel_stacks.hpp). Must not know about programs.
#include "kernel_stacks.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <mutex>
#include <system_error>
#include <vector>

namespace emu {

namespace {

// The size std::thread gets by default on Linux (RLIMIT_STACK, 8 MiB): kernels that ran before still fit.
constexpr std::size_t kStackBytes = std::size_t{8} << 20;

std::mutex pool_mutex;
std::vector<void*> free_stacks;

void* take_stack() {
    {
        std::lock_guard lock(pool_mutex);
        if (!free_stacks.empty()) {
            void* stack = free_stacks.back();
            free_stacks.pop_back();
            return stack;
        }
    }
    void* stack = mmap(nullptr, kStackBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK,
                       -1, 0);
    if (stack == MAP_FAILED) throw std::system_error(errno, std::generic_category(), "mmap of a kernel thread stack");
    // A guard page at the low end, as glibc gives its own stacks: an overflow faults instead of corrupting memory.
    mprotect(stack, static_cast<std::size_t>(sysconf(_SC_PAGESIZE)), PROT_NONE);
    return stack;
}

void give_stack(void* stack) {
    std::lock_guard lock(pool_mutex);
    free_stacks.push_back(stack);
}

}  // namespace

void PooledThread::start(void* (*entry)(void*), void* arg) {
    stack_ = take_stack();
    pthread_attr_t attributes;
    pthread_attr_init(&attributes);
    pthread_attr_setstack(&attributes, stack_, kStackBytes);
    const int error = pthread_create(&handle_, &attributes, entry, arg);
    pthread_attr_destroy(&attributes);
    if (error != 0) {
        give_stack(stack_);
        stack_ = nullptr;
        throw std::system_error(error, std::generic_category(), "pthread_create of a kernel thread");
    }
    started_ = true;
}

void PooledThread::join() {
    if (!started_) return;
    pthread_join(handle_, nullptr);
    started_ = false;
    give_stack(stack_);
    stack_ = nullptr;
}

PooledThread::~PooledThread() { join(); }

}  // namespace emu
