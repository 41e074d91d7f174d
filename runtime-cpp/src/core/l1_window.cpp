// Raw L1 pointers (see l1_window.hpp): the window mapping and the kernel-thread memory-fault guard.
// Must not know about programs or CBs; the signal handler does only async-signal-safe work.
#include "l1_window.hpp"

#include <setjmp.h>
#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <mutex>

#include <fmt/format.h>

namespace emu {

namespace {

constexpr std::size_t kPage = 4096;
constexpr std::size_t kWindowEnd = 2u << 20;  // covers every architecture's L1 (at most 1.5 MiB)

std::uintptr_t window_begin = 0;
bool window_reserved = false;
std::mutex window_mutex;
int window_fd = -1;          // backing of the mapped window, or -1
std::uint32_t window_core = 0;
int window_holders = 0;
bool window_contended = false;  // two runs wanted it at once: stays unmapped until both release

struct sigaction previous_action {};
thread_local sigjmp_buf* guard_jump = nullptr;
thread_local std::uintptr_t guard_fault_address = 0;

void on_memory_fault(int signal, siginfo_t* info, void* context) {
    if (guard_jump != nullptr) {
        guard_fault_address = reinterpret_cast<std::uintptr_t>(info->si_addr);
        sigjmp_buf* jump = guard_jump;
        guard_jump = nullptr;
        siglongjmp(*jump, 1);
    }
    // Not a guarded kernel thread: behave as if we were never installed.
    if (previous_action.sa_flags & SA_SIGINFO) {
        if (previous_action.sa_sigaction != nullptr) return previous_action.sa_sigaction(signal, info, context);
    } else if (previous_action.sa_handler != SIG_DFL && previous_action.sa_handler != SIG_IGN &&
               previous_action.sa_handler != nullptr) {
        return previous_action.sa_handler(signal);
    }
    struct sigaction fallback {};
    fallback.sa_handler = SIG_DFL;
    sigemptyset(&fallback.sa_mask);
    sigaction(signal, &fallback, nullptr);  // the faulting instruction re-runs and kills the process
}

void set_up_once() {
    static std::once_flag once;
    std::call_once(once, [] {
        std::size_t min_addr = 65536;
        std::ifstream("/proc/sys/vm/mmap_min_addr") >> min_addr;
        window_begin = (std::max<std::size_t>(min_addr, kPage) + kPage - 1) / kPage * kPage;
        if (window_begin < kWindowEnd) {
            void* reserved = mmap(reinterpret_cast<void*>(window_begin), kWindowEnd - window_begin, PROT_NONE,
                                  MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE | MAP_NORESERVE, -1, 0);
            window_reserved = reserved == reinterpret_cast<void*>(window_begin);
            if (reserved != MAP_FAILED && !window_reserved) munmap(reserved, kWindowEnd - window_begin);
        }
        struct sigaction action {};
        action.sa_sigaction = on_memory_fault;
        action.sa_flags = SA_SIGINFO | SA_NODEFER;
        sigemptyset(&action.sa_mask);
        sigaction(SIGSEGV, &action, &previous_action);
    });
}

void unmap_window() {
    mmap(reinterpret_cast<void*>(window_begin), kWindowEnd - window_begin, PROT_NONE,
         MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE, -1, 0);
}

}  // namespace

std::uintptr_t l1_window_begin() {
    set_up_once();
    return window_begin;
}

bool acquire_l1_window(const L1Backing& backing, std::uint32_t core) {
    set_up_once();
    std::lock_guard lock(window_mutex);
    if (!window_reserved) return false;
    if (window_holders > 0) {
        if (window_fd == backing.fd && window_core == core && !window_contended) {
            ++window_holders;
            return true;
        }
        // Two runs on different cores at once: neither may see the other's L1, so both fault loudly.
        if (!window_contended) unmap_window();
        window_contended = true;
        return false;
    }
    const std::size_t length = (backing.l1_size + kPage - 1) / kPage * kPage;
    if (length <= window_begin) return false;
    void* mapped = mmap(reinterpret_cast<void*>(window_begin), length - window_begin, PROT_READ | PROT_WRITE,
                        MAP_SHARED | MAP_FIXED, backing.fd,
                        static_cast<off_t>(std::size_t{core} * backing.slot_size + window_begin));
    if (mapped == MAP_FAILED) {
        unmap_window();
        return false;
    }
    window_fd = backing.fd;
    window_core = core;
    window_holders = 1;
    return true;
}

void release_l1_window(const L1Backing& backing, std::uint32_t core) {
    (void)backing;
    (void)core;
    std::lock_guard lock(window_mutex);
    if (window_holders == 0) return;
    if (--window_holders == 0) {
        unmap_window();
        window_fd = -1;
        window_contended = false;
    }
}

int run_guarding_memory(int (*entry)(), std::uintptr_t& fault_address) {
    set_up_once();
    sigjmp_buf jump;
    // The signal mask need not be saved (a system call per kernel): SA_NODEFER leaves SIGSEGV unblocked in the
    // handler, so jumping out of it leaves the mask as it was.
    if (sigsetjmp(jump, 0) != 0) {
        fault_address = guard_fault_address;
        return -1;
    }
    struct Disarm {
        ~Disarm() { guard_jump = nullptr; }
    } disarm;
    guard_jump = &jump;
    return entry();
}

void* exchange_memory_guard(void* guard) {
    void* previous = guard_jump;
    guard_jump = static_cast<sigjmp_buf*>(guard);
    return previous;
}

std::string describe_memory_fault(std::uintptr_t address, std::uint32_t l1_size, bool single_core_run) {
    if (address < l1_size && address >= window_begin) {
        return fmt::format(
            "dereferenced L1 address {:#x} as a raw pointer. On hardware that is this core's own L1; the emulator "
            "maps a core's L1 at those addresses only while a program runs on a single core{}",
            address, single_core_run ? " and the L1 window was taken by another run" : ", and this one runs on several");
    }
    if (address < l1_size) {
        return fmt::format("dereferenced L1 address {:#x}, below {:#x}, the lowest address a host process can map "
                           "(runtime args and firmware live there; use get_arg_val / the API)",
                           address, window_begin);
    }
    return fmt::format("made an invalid memory access at address {:#x} (a wild pointer: not an L1 or API address)",
                       address);
}

}  // namespace emu
