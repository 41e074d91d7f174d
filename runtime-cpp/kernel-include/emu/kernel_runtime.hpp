// Contract between the two halves of the emulator:
//   core    (src/core/*):    threads per core, circular buffers, L1, DRAM, NoC, runtime args, faults;
//   compute (src/compute/*): the Tensix math engine (unpack -> DST -> pack, data formats).
// Kernel-side API headers (dataflow_api.h, compute_kernel_api/*.h) call only these functions and the
// ones in emu/kernel_common.h; both are defined in the emulator library (TT::Metalium).
// This header must not grow policy: it only names what one half needs from the other.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "emu/data_format.hpp"  // tt::DataFormat, shared by host and kernel sides

namespace emu::kernel {

// ---- circular buffers of the core the calling kernel thread runs on ----------------------------
// Blocking calls park the thread; the core's watchdog reports a deadlock if every thread is parked.
void cb_wait_front(uint32_t cb, uint32_t pages);
void cb_pop_front(uint32_t cb, uint32_t pages);
void cb_reserve_back(uint32_t cb, uint32_t pages);
void cb_push_back(uint32_t cb, uint32_t pages);
bool cb_pages_available_at_front(uint32_t cb, uint32_t pages);
bool cb_pages_reservable_at_back(uint32_t cb, uint32_t pages);

uint32_t cb_read_addr(uint32_t cb);       // L1 address of the front page (valid after wait_front)
uint32_t cb_write_addr(uint32_t cb);      // L1 address of the back page (valid after reserve_back)
uint32_t cb_page_size(uint32_t cb);       // bytes per page
uint32_t cb_front_pages(uint32_t cb);     // pages the consumer has waited for and not popped
uint32_t cb_reserved_pages(uint32_t cb);  // pages the producer has reserved and not pushed
tt::DataFormat cb_data_format(uint32_t cb);
bool cb_configured(uint32_t cb);  // the host set up this CB index on the calling kernel's core
// The counters and pointers of one CB, for checks that decide between "runs on hardware" and "corrupts".
struct CbView {
    uint32_t num_pages, page_size, pages_held, reserved, waited, read_page, write_page;
    bool on_l1_buffer;  // placed on an L1 buffer (set_globally_allocated_address)
};
CbView cb_view(uint32_t cb);

// Bounds-checked host pointer into the calling core's L1 (faults on an address outside L1).
void* l1_pointer(uint32_t l1_addr, uint32_t bytes);

// ---- settings of the compute kernel the calling thread runs (ComputeConfig) ---------------------
struct ComputeSettings {
    bool fp32_dest_acc_en = false;
    bool dst_full_sync_en = false;
    uint8_t math_fidelity = 4;  // MathFidelity value: LoFi=0, HiFi2=2, HiFi3=3, HiFi4=4
    bool math_approx_mode = false;
};
const ComputeSettings& compute_settings();
// Where the compute engine keeps its state (DST, init settings) for the calling kernel: one slot per kernel, empty
// until the engine first uses it. Kernels of one run share an OS thread, so this cannot be thread-local storage.
std::shared_ptr<void>& compute_engine_slot();

// ---- faults --------------------------------------------------------------------------------------
// Stops the whole program run. The core adds the core coordinate and kernel name to the message, and
// the host call that is waiting (EnqueueMeshWorkload / Finish / EnqueueReadMeshBuffer) throws it.
[[noreturn]] void fault(const char* category, const std::string& message);

// ---- watcher -------------------------------------------------------------------------------------
// A misuse the hardware runs without harm (e.g. pack_tile without cb_reserve_back into free pages). The
// emulator runs it like the hardware; with TT_METAL_WATCHER set it reports it on stderr, once per kernel
// thread and `kind`. Misuse that corrupts data or hangs is a fault, never a warning.
void watcher_warning(const char* kind, const std::string& message);

}  // namespace emu::kernel
