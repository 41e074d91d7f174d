// Library functions behind the data-movement API, runtime args and DPRINT (defined in the emulator
// library, src/core/kernel_api.cpp). Kernel headers call these; user kernels should not.
// Declarations only, shared by the kernel headers and the library so their signatures cannot drift.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>

namespace emu::kernel {

// Runtime args of the calling thread's kernel on its core, stored in that core's L1 (as on hardware).
// An index past the count set by the host faults with the kernel and core named.
std::uint32_t* runtime_arg_pointer(int index);
std::uint32_t* common_runtime_arg_pointer(int index);

// Synchronous NoC transfers; each validates both ends (L1 bounds, DRAM buffer bounds) and faults loudly.
void noc_read(std::uint64_t src_noc_addr, std::uint32_t dst_local_l1_addr, std::uint32_t size);
void noc_write(std::uint32_t src_local_l1_addr, std::uint64_t dst_noc_addr, std::uint32_t size);
void noc_write_word(std::uint64_t dst_noc_addr, std::uint32_t value);
void noc_write_multicast(std::uint32_t src_local_l1_addr, std::uint64_t dst_noc_addr_multicast, std::uint32_t size,
                         std::uint32_t num_dests, bool include_source_core);
void noc_atomic_increment(std::uint64_t dst_noc_addr, std::uint32_t increment);
void noc_barrier();
// Blocks (deadlock-aware) until *address == value, or >= value when `at_least`.
void wait_l1_word(volatile std::uint32_t* address, std::uint32_t value, bool at_least);
// Announces that the calling kernel stored to L1 directly, so the kernels waiting on that word re-check.
void l1_word_stored();
// The calling kernel spins on something (an L1 word read through a raw pointer): lets the other kernels run.
void spin_wait_hint();

std::uint64_t interleaved_page_noc_addr(bool is_dram, std::uint32_t bank_base_address, std::uint32_t page_size,
                                        std::uint32_t page_id, std::uint32_t offset);
std::uint64_t bank_noc_addr(bool is_dram, std::uint32_t bank_id, std::uint32_t bank_address);
// Distance in bytes between consecutive pages of one bank (page size rounded up to the bank alignment).
std::uint32_t bank_page_stride(bool is_dram, std::uint32_t page_size);
std::uint32_t semaphore_l1_address(std::uint32_t semaphore_id);
std::uint32_t kernel_noc_index();
std::uint32_t my_noc_x();
std::uint32_t my_noc_y();
std::uint32_t my_logical_x();
std::uint32_t my_logical_y();

// Writes one finished DPRINT line to stderr with the calling thread's core/kernel prefix.
void debug_print_line(const std::string& text);
// The calling kernel's DPRINT text not yet printed (a line is printed when it ends), and which TRISC a compute
// kernel's DPRINT_UNPACK/MATH/PACK stands for (dprint.h's DprintTrisc). Per kernel, not per OS thread: the
// kernels of a run share one.
std::ostringstream& debug_print_stream();
std::uint8_t& dprint_trisc_slot();

}  // namespace emu::kernel

// tt-metal's NoC globals of a data-movement kernel (its NoC and its own coordinates on both NoCs). One instance per
// OS thread, which the emulator loads with the running kernel's values whenever it resumes it.
extern thread_local std::uint8_t noc_index;
extern thread_local std::uint8_t my_x[2];
extern thread_local std::uint8_t my_y[2];
