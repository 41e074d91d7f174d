// Fibers (see fiber.hpp). On x86-64 a switch is a few instructions of our own (below): push the callee-saved
// registers and the SSE/x87 control words, store the stack pointer, load the other one, pop, return. Elsewhere it
// falls back to swapcontext, which also saves the signal mask (a system call per switch, so slower).
// Sanitized builds tell AddressSanitizer about each switch so it does not mistake the fiber stacks for overflows.
#include "fiber.hpp"

#include <cstdint>
#include <cstdlib>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/common_interface_defs.h>
#define EMU_FIBER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#include <sanitizer/common_interface_defs.h>
#define EMU_FIBER_ASAN 1
#endif
#endif

#if defined(__x86_64__)
extern "C" {
// Saves the current context on its stack, stores its stack pointer in *save_sp, continues at load_sp's context.
void emu_fiber_switch(void** save_sp, void* load_sp);
// Where a new fiber's first switch returns to: calls r13(r12) and never returns.
void emu_fiber_start();
}

asm(R"(
    .text
    .p2align 4
    .globl emu_fiber_switch
    .hidden emu_fiber_switch
    .type emu_fiber_switch, @function
emu_fiber_switch:
    pushq %rbp
    pushq %rbx
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    subq $8, %rsp
    stmxcsr (%rsp)
    fnstcw 4(%rsp)
    movq %rsp, (%rdi)
    movq %rsi, %rsp
    ldmxcsr (%rsp)
    fldcw 4(%rsp)
    addq $8, %rsp
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbx
    popq %rbp
    ret
    .size emu_fiber_switch, .-emu_fiber_switch

    .p2align 4
    .globl emu_fiber_start
    .hidden emu_fiber_start
    .type emu_fiber_start, @function
emu_fiber_start:
    .cfi_startproc
    .cfi_undefined rip
    movq %r12, %rdi
    callq *%r13
    ud2
    .cfi_endproc
    .size emu_fiber_start, .-emu_fiber_start
)");
#endif

namespace emu {

namespace {

void start_switch(void** fake_stack, const void* bottom, std::size_t size) {
#if defined(EMU_FIBER_ASAN)
    __sanitizer_start_switch_fiber(fake_stack, bottom, size);
#else
    (void)fake_stack, (void)bottom, (void)size;
#endif
}

void finish_switch(void* fake_stack, const void** old_bottom, std::size_t* old_size) {
#if defined(EMU_FIBER_ASAN)
    __sanitizer_finish_switch_fiber(fake_stack, old_bottom, old_size);
#else
    (void)fake_stack, (void)old_bottom, (void)old_size;
#endif
}

}  // namespace

Fiber::Fiber(Entry entry, void* arg) : entry_(entry), arg_(arg) {
    auto* top = static_cast<std::uint8_t*>(stack_.bottom()) + stack_.size();
#if defined(__x86_64__)
    // The frame emu_fiber_switch pops on the first resume, lowest address first: the MXCSR and x87 control words
    // (the creating thread's), r15, r14, r13 = run, r12 = this, rbx, rbp, and the return address. After the return
    // the stack pointer is `top`, 16-byte aligned, as a call instruction expects.
    auto* frame = reinterpret_cast<std::uint64_t*>(top - 8 * 8);
    std::uint32_t mxcsr = 0;
    std::uint16_t x87_control = 0;
    asm volatile("stmxcsr %0" : "=m"(mxcsr));
    asm volatile("fnstcw %0" : "=m"(x87_control));
    frame[0] = std::uint64_t{mxcsr} | (std::uint64_t{x87_control} << 32);
    frame[1] = 0;                                          // r15
    frame[2] = 0;                                          // r14
    frame[3] = reinterpret_cast<std::uint64_t>(&Fiber::run);  // r13
    frame[4] = reinterpret_cast<std::uint64_t>(this);      // r12
    frame[5] = 0;                                          // rbx
    frame[6] = 0;                                          // rbp
    frame[7] = reinterpret_cast<std::uint64_t>(&emu_fiber_start);
    fiber_sp_ = frame;
#else
    getcontext(&fiber_context_);
    fiber_context_.uc_stack.ss_sp = stack_.bottom();
    fiber_context_.uc_stack.ss_size = stack_.size();
    fiber_context_.uc_link = nullptr;
    const auto self = reinterpret_cast<std::uintptr_t>(this);
    makecontext(&fiber_context_, reinterpret_cast<void (*)()>(&Fiber::run_from_context), 2,
                static_cast<unsigned>(self >> 32), static_cast<unsigned>(self & 0xffffffffu));
    (void)top;
#endif
}

#if !defined(__x86_64__)
void Fiber::run_from_context(unsigned high, unsigned low) {
    run(reinterpret_cast<Fiber*>((std::uintptr_t{high} << 32) | low));
}
#endif

void Fiber::run(Fiber* fiber) {
    finish_switch(nullptr, &fiber->resumer_stack_bottom_, &fiber->resumer_stack_size_);
    fiber->entry_(fiber->arg_);
    fiber->done_ = true;
    fiber->switch_to_resumer(true);
    std::abort();  // a finished fiber is never resumed
}

void Fiber::resume() {
    void* fake_stack = nullptr;
    start_switch(&fake_stack, stack_.bottom(), stack_.size());
#if defined(__x86_64__)
    emu_fiber_switch(&resumer_sp_, fiber_sp_);
#else
    swapcontext(&resumer_context_, &fiber_context_);
#endif
    finish_switch(fake_stack, nullptr, nullptr);
}

void Fiber::suspend() { switch_to_resumer(false); }

void Fiber::switch_to_resumer(bool exiting) {
    // A fiber that exits passes no fake-stack slot: AddressSanitizer then drops the fiber's fake stack.
    start_switch(exiting ? nullptr : &fake_stack_, resumer_stack_bottom_, resumer_stack_size_);
#if defined(__x86_64__)
    emu_fiber_switch(&fiber_sp_, resumer_sp_);
#else
    swapcontext(&fiber_context_, &resumer_context_);
#endif
    finish_switch(fake_stack_, &resumer_stack_bottom_, &resumer_stack_size_);
}

}  // namespace emu
