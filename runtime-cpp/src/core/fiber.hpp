// A fiber: a function that runs on a stack of its own and hands control back and forth with the code that resumes
// it, on one OS thread, without the kernel scheduler's involvement (a switch saves the callee-saved registers and
// swaps stack pointers; no system call). The emulator runs each kernel of a launch as one. Knows nothing about
// kernels or programs; must not block, and a switch must not allocate.
#pragma once

#include <cstddef>

#include "kernel_stacks.hpp"

#if !defined(__x86_64__)
#include <ucontext.h>
#endif

namespace emu {

class Fiber {
public:
    using Entry = void (*)(void* arg);

    // Prepares entry(arg) on a pooled stack; nothing runs until resume(). entry must not let an exception escape.
    Fiber(Entry entry, void* arg);
    ~Fiber() = default;
    Fiber(const Fiber&) = delete;
    Fiber& operator=(const Fiber&) = delete;

    // Runs the fiber until it calls suspend() or its entry returns. Called off the fiber's stack; not after done().
    void resume();
    // Returns control to the code that called resume(). Called on the fiber's own stack only.
    void suspend();
    // The entry function has returned.
    bool done() const { return done_; }

private:
    static void run(Fiber* fiber);
    void switch_to_resumer(bool exiting);

    KernelStack stack_;
    Entry entry_;
    void* arg_;
    bool done_ = false;
#if defined(__x86_64__)
    void* fiber_sp_ = nullptr;    // the fiber's saved stack pointer while it is suspended
    void* resumer_sp_ = nullptr;  // the resumer's while the fiber runs
#else
    ucontext_t fiber_context_{};
    ucontext_t resumer_context_{};
    static void run_from_context(unsigned high, unsigned low);
#endif
    // AddressSanitizer's record of the stack being left (only used in sanitized builds).
    void* fake_stack_ = nullptr;
    const void* resumer_stack_bottom_ = nullptr;
    std::size_t resumer_stack_size_ = 0;
};

}  // namespace emu
