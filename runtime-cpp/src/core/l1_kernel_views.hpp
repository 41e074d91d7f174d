// Kernel views of emulated L1: where a device's L1 appears at 32-bit host addresses while its kernels run.
// Kernels treat an L1 address (get_write_ptr, get_semaphore, ...) as a pointer, so every core's L1 must be
// mapped below 2 GiB while a program runs on it. That window (MAP_32BIT) holds only a handful of devices'
// L1 (about 1 GiB in all), so a 32-device mesh cannot keep all of them mapped at once. The views are a
// pool: a device borrows one when a program starts on it and returns it when the program ends; an idle
// view stays bound to its device (so the next run reuses it for free) until another device needs it.
// Must not know about programs, buffers or the host's own (64-bit) L1 mapping.
#pragma once

#include <cstddef>
#include <cstdint>

namespace emu {

// Maps `size` bytes of the memfd `fd` (a device's L1 slots) at a 2 MiB-aligned address below 2 GiB and
// returns it; `owner` identifies the device. Calls nest per owner. When every view is in use by other
// devices' running programs: returns nullptr if `wait` is false, else waits for one to be returned (a
// generous hang guard, then emu::Fault).
std::uint8_t* borrow_kernel_view(const void* owner, int fd, std::size_t size, bool wait);
// Ends one borrow_kernel_view() of `owner`. The view stays mapped (reusable by the same owner) until
// another device needs it.
void return_kernel_view(const void* owner);
// The owner is going away (its memfd closes): unmap its view so the memory can be freed.
void forget_kernel_view(const void* owner);

}  // namespace emu
