// Raw L1 pointers. On hardware every core sees its own L1 at the addresses the allocator hands out, so a
// kernel may cast an L1 buffer address it got as a runtime arg to a pointer. In one host process all
// cores share one address space, so the emulator can show exactly one core's L1 at those addresses: the
// "window" at [first mappable page, L1 size) maps the L1 of the only core of a single-core run. Any
// other stray access by a kernel (a raw L1 address in a multi-core run, a wild pointer) is caught
// (SIGSEGV) and becomes a loud fault naming the kernel, core and address instead of a crash.
// Must not know about programs, CBs or kernels beyond the thread that runs one.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace emu {

// Memory of every core's L1 of one device: a memfd, so the same pages can be mapped twice (the core's
// 2 MiB slot below 2 GiB, and the window).
struct L1Backing {
    int fd = -1;
    std::size_t slot_size = 0;
    std::uint32_t l1_size = 0;
};

// Shows `core`'s L1 at its hardware addresses until release_l1_window(). Returns false (window left
// unmapped, so raw accesses fault loudly) if the window is unavailable or another run holds it.
bool acquire_l1_window(const L1Backing& backing, std::uint32_t core);
void release_l1_window(const L1Backing& backing, std::uint32_t core);

// Lowest address the window maps (the first page the OS lets a process map, /proc/sys/vm/mmap_min_addr).
std::uintptr_t l1_window_begin();

// Runs `entry` on the calling kernel thread. A memory fault inside it unwinds back here (siglongjmp) and is
// returned as a description instead of killing the process. Returns entry's result, or -1 after a fault.
int run_guarding_memory(int (*entry)(), std::uintptr_t& fault_address);

// The calling OS thread's armed guard (opaque), replaced by `guard`: kernels that share an OS thread (fibers) each
// keep their own, swapped in while they run.
void* exchange_memory_guard(void* guard);

// Describes a faulting address for a fault message: raw L1 address, below the window, or wild.
std::string describe_memory_fault(std::uintptr_t address, std::uint32_t l1_size, bool single_core_run);

}  // namespace emu
