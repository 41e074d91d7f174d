// The pool of kernel stacks (see kernel_stacks.hpp). Must not know about programs or how stacks are used.
#include "kernel_stacks.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <mutex>
#include <system_error>
#include <vector>

namespace emu {

namespace {

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
    void* stack = mmap(nullptr, KernelStack::kBytes, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);
    if (stack == MAP_FAILED) throw std::system_error(errno, std::generic_category(), "mmap of a kernel stack");
    // A guard page at the low end, as glibc gives its own stacks: an overflow faults instead of corrupting memory.
    mprotect(stack, static_cast<std::size_t>(sysconf(_SC_PAGESIZE)), PROT_NONE);
    return stack;
}

void give_stack(void* stack) {
    std::lock_guard lock(pool_mutex);
    free_stacks.push_back(stack);
}

}  // namespace

KernelStack::KernelStack() : base_(take_stack()) {}

KernelStack::~KernelStack() {
    give_stack(base_);
}

}  // namespace emu
