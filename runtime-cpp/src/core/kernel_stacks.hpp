// Stacks for emulated kernels, kept across program launches. Every launch runs a reader, a writer and a compute
// kernel per core, each on a stack of its own; mapping a fresh 8 MiB stack per kernel and faulting its pages in
// costs more than a small kernel runs. Here stacks stay mapped (and their touched pages resident) in a
// process-wide pool. Knows nothing about programs, kernels or how a stack is switched to.
#pragma once

#include <cstddef>

namespace emu {

// One pooled stack, owned while the object lives.
class KernelStack {
public:
    // The size std::thread gets by default on Linux (RLIMIT_STACK): kernels that ran on threads still fit.
    static constexpr std::size_t kBytes = std::size_t{8} << 20;

    // Takes a stack from the pool, or maps one (throws std::system_error when mmap fails).
    KernelStack();
    ~KernelStack();
    KernelStack(const KernelStack&) = delete;
    KernelStack& operator=(const KernelStack&) = delete;

    // Lowest address of the stack; the lowest page is a guard page (an overflow faults).
    void* bottom() const { return base_; }
    std::size_t size() const { return kBytes; }

private:
    void* base_ = nullptr;
};

}  // namespace emu
