// Data-movement kernel API (reader = NCRISC/RISCV_1, writer = BRISC/RISCV_0) for the CPU emulator.
// Names and signatures follow tt-metal's api/dataflow/dataflow_api.h (Feb 2026). Every call forwards to
// the emulator library (emu::kernel::*), which owns L1, DRAM, circular buffers and the NoC; this header
// only does address arithmetic that kernels can also do themselves. NoC transfers complete synchronously,
// so barriers are no-ops. The JIT force-includes this header into dataflow kernels, as the firmware does.
#pragma once

#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "api/debug/dprint.h"
#include "emu/kernel_common.h"

// ---- NoC address layout: [59:54] mcast start y, [53:48] mcast start x, [47:42] y, [41:36] x, [35:0] local --
#define NOC_ADDR_LOCAL_BITS 36
#define NOC_ADDR_NODE_ID_BITS 6
#define NOC_XY_ADDR(x, y, addr)                                                                              \
    ((((std::uint64_t)(y)) << (NOC_ADDR_LOCAL_BITS + NOC_ADDR_NODE_ID_BITS)) |                               \
     (((std::uint64_t)(x)) << NOC_ADDR_LOCAL_BITS) | ((std::uint64_t)(addr)))
#define NOC_MULTICAST_ADDR(x_start, y_start, x_end, y_end, addr)                                             \
    ((((std::uint64_t)(y_start)) << (NOC_ADDR_LOCAL_BITS + 3 * NOC_ADDR_NODE_ID_BITS)) |                     \
     (((std::uint64_t)(x_start)) << (NOC_ADDR_LOCAL_BITS + 2 * NOC_ADDR_NODE_ID_BITS)) |                     \
     NOC_XY_ADDR(x_end, y_end, addr))
// Field accessors of a NoC address, named as in tt-metal's noc_parameters.h.
#define NOC_NODE_ID_MASK ((((std::uint64_t)1) << NOC_ADDR_NODE_ID_BITS) - 1)
#define NOC_LOCAL_ADDR_MASK ((((std::uint64_t)1) << NOC_ADDR_LOCAL_BITS) - 1)
#define NOC_LOCAL_ADDR_OFFSET(addr) ((addr) & NOC_LOCAL_ADDR_MASK)
#define NOC_LOCAL_ADDR(addr) NOC_LOCAL_ADDR_OFFSET(addr)
#define NOC_UNICAST_ADDR_X(addr) (((addr) >> NOC_ADDR_LOCAL_BITS) & NOC_NODE_ID_MASK)
#define NOC_UNICAST_ADDR_Y(addr) (((addr) >> (NOC_ADDR_LOCAL_BITS + NOC_ADDR_NODE_ID_BITS)) & NOC_NODE_ID_MASK)
#define NOC_MCAST_ADDR_END_X(addr) NOC_UNICAST_ADDR_X(addr)
#define NOC_MCAST_ADDR_END_Y(addr) NOC_UNICAST_ADDR_Y(addr)
#define NOC_MCAST_ADDR_START_X(addr) (((addr) >> (NOC_ADDR_LOCAL_BITS + 2 * NOC_ADDR_NODE_ID_BITS)) & NOC_NODE_ID_MASK)
#define NOC_MCAST_ADDR_START_Y(addr) (((addr) >> (NOC_ADDR_LOCAL_BITS + 3 * NOC_ADDR_NODE_ID_BITS)) & NOC_NODE_ID_MASK)

constexpr std::uint32_t NOC_MAX_BURST_SIZE = 8192;
constexpr std::uint32_t NOC_UNICAST_WRITE_VC = 1;
constexpr std::uint32_t NOC_MULTICAST_WRITE_VC = 4;
constexpr std::uint32_t NUM_NOCS = 2;
constexpr std::uint32_t L1_ALIGNMENT = 16;

enum class ProgrammableCoreType : std::uint8_t { TENSIX = 0, ACTIVE_ETH = 1, IDLE_ETH = 2 };


// noc_index, my_x[NUM_NOCS] and my_y[NUM_NOCS] are declared in emu/dataflow_runtime.hpp.
static_assert(NUM_NOCS == sizeof(my_x) && NUM_NOCS == sizeof(my_y));

inline std::uint32_t get_absolute_logical_x() { return ::emu::kernel::my_logical_x(); }
inline std::uint32_t get_absolute_logical_y() { return ::emu::kernel::my_logical_y(); }
inline std::uint32_t get_relative_logical_x() { return ::emu::kernel::my_logical_x(); }
inline std::uint32_t get_relative_logical_y() { return ::emu::kernel::my_logical_y(); }

// ---- circular buffers -------------------------------------------------------------------------------------
FORCE_INLINE void cb_reserve_back(std::int32_t operand, std::int32_t num_pages) {
    ::emu::kernel::cb_reserve_back(static_cast<std::uint32_t>(operand), static_cast<std::uint32_t>(num_pages));
}
FORCE_INLINE void cb_push_back(const std::int32_t operand, const std::int32_t num_pages) {
    ::emu::kernel::cb_push_back(static_cast<std::uint32_t>(operand), static_cast<std::uint32_t>(num_pages));
}
FORCE_INLINE void cb_wait_front(std::int32_t operand, std::int32_t num_pages) {
    ::emu::kernel::cb_wait_front(static_cast<std::uint32_t>(operand), static_cast<std::uint32_t>(num_pages));
}
FORCE_INLINE void cb_pop_front(std::int32_t operand, std::int32_t num_pages) {
    ::emu::kernel::cb_pop_front(static_cast<std::uint32_t>(operand), static_cast<std::uint32_t>(num_pages));
}
FORCE_INLINE bool cb_pages_reservable_at_back(std::int32_t operand, std::int32_t num_pages) {
    return ::emu::kernel::cb_pages_reservable_at_back(static_cast<std::uint32_t>(operand),
                                                      static_cast<std::uint32_t>(num_pages));
}
FORCE_INLINE bool cb_pages_available_at_front(std::int32_t operand, std::int32_t num_pages) {
    return ::emu::kernel::cb_pages_available_at_front(static_cast<std::uint32_t>(operand),
                                                      static_cast<std::uint32_t>(num_pages));
}
FORCE_INLINE std::uint32_t get_write_ptr(std::uint32_t operand) { return ::emu::kernel::cb_write_addr(operand); }
FORCE_INLINE std::uint32_t get_read_ptr(std::uint32_t operand) { return ::emu::kernel::cb_read_addr(operand); }

// ---- NoC addresses ----------------------------------------------------------------------------------------
FORCE_INLINE std::uint64_t get_noc_addr(std::uint32_t noc_x, std::uint32_t noc_y, std::uint32_t addr,
                                        std::uint8_t noc = noc_index) {
    (void)noc;
    return NOC_XY_ADDR(noc_x, noc_y, addr);
}
FORCE_INLINE std::uint64_t get_noc_addr(std::uint32_t addr, std::uint8_t noc = noc_index) {
    (void)noc;
    return NOC_XY_ADDR(::emu::kernel::my_noc_x(), ::emu::kernel::my_noc_y(), addr);
}
FORCE_INLINE std::uint64_t get_noc_multicast_addr(std::uint32_t noc_x_start, std::uint32_t noc_y_start,
                                                  std::uint32_t noc_x_end, std::uint32_t noc_y_end,
                                                  std::uint32_t addr, std::uint8_t noc = noc_index) {
    (void)noc;
    return NOC_MULTICAST_ADDR(noc_x_start, noc_y_start, noc_x_end, noc_y_end, addr);
}
template <bool DRAM>
FORCE_INLINE std::uint64_t get_noc_addr_from_bank_id(std::uint32_t bank_id, std::uint32_t bank_address_offset,
                                                     std::uint8_t noc = noc_index) {
    (void)noc;
    return ::emu::kernel::bank_noc_addr(DRAM, bank_id, bank_address_offset);
}

// ---- address generators -----------------------------------------------------------------------------------
template <bool DRAM>
struct InterleavedAddrGen {
    std::uint32_t bank_base_address;
    const std::uint32_t page_size;
    FORCE_INLINE std::uint64_t get_noc_addr(const std::uint32_t id, const std::uint32_t offset = 0,
                                            std::uint8_t noc = noc_index) const {
        (void)noc;
        return ::emu::kernel::interleaved_page_noc_addr(DRAM, bank_base_address, page_size, id, offset);
    }
};

template <bool DRAM, std::uint32_t tile_hw = 1024>
struct InterleavedAddrGenFast {
    std::uint32_t bank_base_address;
    std::uint32_t page_size;
    DataFormat data_format;
    FORCE_INLINE std::uint64_t get_noc_addr(const std::uint32_t id, const std::uint32_t offset = 0,
                                            std::uint8_t noc = noc_index) const {
        (void)noc;
        return ::emu::kernel::interleaved_page_noc_addr(DRAM, bank_base_address, page_size, id, offset);
    }
};

template <bool DRAM>
struct InterleavedPow2AddrGenFast {
    std::uint32_t bank_base_address;
    const std::uint32_t log_base_2_of_page_size;
    FORCE_INLINE std::uint64_t get_noc_addr(const std::uint32_t id, const std::uint32_t offset = 0,
                                            std::uint8_t noc = noc_index) const {
        (void)noc;
        return ::emu::kernel::interleaved_page_noc_addr(DRAM, bank_base_address, 1u << log_base_2_of_page_size, id,
                                                        offset);
    }
    FORCE_INLINE std::uint32_t page_size_bytes() const { return 1u << log_base_2_of_page_size; }
};

template <typename AddrGen>
concept emu_address_generator = requires(const AddrGen& generator) {
    { generator.get_noc_addr(0u, 0u, std::uint8_t{0}) } -> std::convertible_to<std::uint64_t>;
};

template <typename AddrGen>
    requires emu_address_generator<AddrGen>
FORCE_INLINE std::uint64_t get_noc_addr(const std::uint32_t id, const AddrGen& addrgen, std::uint32_t offset = 0,
                                        std::uint8_t noc = noc_index) {
    return addrgen.get_noc_addr(id, offset, noc);
}

template <typename AddrGen>
FORCE_INLINE std::uint32_t emu_page_size_of(const AddrGen& addrgen) {
    if constexpr (requires { addrgen.page_size_bytes(); }) {
        return addrgen.page_size_bytes();
    } else {
        return addrgen.page_size;
    }
}

#include "api/tensor/tensor_accessor.h"

// ---- NoC transfers ----------------------------------------------------------------------------------------
template <std::uint32_t max_page_size = NOC_MAX_BURST_SIZE + 1, bool enable_noc_tracing = true>
FORCE_INLINE void noc_async_read(std::uint64_t src_noc_addr, std::uint32_t dst_local_l1_addr, std::uint32_t size,
                                 std::uint8_t noc = noc_index, std::uint32_t read_req_vc = NOC_UNICAST_WRITE_VC) {
    (void)noc;
    (void)read_req_vc;
    ::emu::kernel::noc_read(src_noc_addr, dst_local_l1_addr, size);
}
FORCE_INLINE void noc_async_read_one_packet(std::uint64_t src_noc_addr, std::uint32_t dst_local_l1_addr,
                                            std::uint32_t size, std::uint8_t noc = noc_index) {
    (void)noc;
    ::emu::kernel::noc_read(src_noc_addr, dst_local_l1_addr, size);
}

template <std::uint32_t max_page_size = NOC_MAX_BURST_SIZE + 1, bool enable_noc_tracing = true, bool posted = false>
FORCE_INLINE void noc_async_write(std::uint32_t src_local_l1_addr, std::uint64_t dst_noc_addr, std::uint32_t size,
                                  std::uint8_t noc = noc_index, std::uint32_t vc = NOC_UNICAST_WRITE_VC) {
    (void)noc;
    (void)vc;
    ::emu::kernel::noc_write(src_local_l1_addr, dst_noc_addr, size);
}
FORCE_INLINE void noc_async_write_one_packet(std::uint32_t src_local_l1_addr, std::uint64_t dst_noc_addr,
                                             std::uint32_t size, std::uint8_t noc = noc_index) {
    (void)noc;
    ::emu::kernel::noc_write(src_local_l1_addr, dst_noc_addr, size);
}

template <std::uint32_t max_page_size = NOC_MAX_BURST_SIZE + 1>
FORCE_INLINE void noc_async_write_multicast(std::uint32_t src_local_l1_addr, std::uint64_t dst_noc_addr_multicast,
                                            std::uint32_t size, std::uint32_t num_dests, bool linked = false,
                                            std::uint8_t noc = noc_index) {
    (void)linked;
    (void)noc;
    ::emu::kernel::noc_write_multicast(src_local_l1_addr, dst_noc_addr_multicast, size, num_dests, false);
}
FORCE_INLINE void noc_async_write_multicast_one_packet(std::uint32_t src_local_l1_addr,
                                                       std::uint64_t dst_noc_addr_multicast, std::uint32_t size,
                                                       std::uint32_t num_dests, bool linked = false,
                                                       std::uint8_t noc = noc_index) {
    (void)linked;
    (void)noc;
    ::emu::kernel::noc_write_multicast(src_local_l1_addr, dst_noc_addr_multicast, size, num_dests, false);
}
FORCE_INLINE void noc_async_write_multicast_loopback_src(std::uint32_t src_local_l1_addr,
                                                         std::uint64_t dst_noc_addr_multicast, std::uint32_t size,
                                                         std::uint32_t num_dests, bool linked = false,
                                                         std::uint8_t noc = noc_index) {
    (void)linked;
    (void)noc;
    ::emu::kernel::noc_write_multicast(src_local_l1_addr, dst_noc_addr_multicast, size, num_dests, true);
}

template <typename AddrGen, bool enable_noc_tracing = true>
FORCE_INLINE void noc_async_read_page(const std::uint32_t id, const AddrGen& addrgen, std::uint32_t dst_local_l1_addr,
                                      std::uint32_t offset = 0, std::uint8_t noc = noc_index) {
    ::emu::kernel::noc_read(addrgen.get_noc_addr(id, offset, noc), dst_local_l1_addr, emu_page_size_of(addrgen));
}
template <typename AddrGen, bool enable_noc_tracing = true, bool posted = false>
FORCE_INLINE void noc_async_write_page(const std::uint32_t id, const AddrGen& addrgen, std::uint32_t src_local_l1_addr,
                                       std::uint32_t size = 0, std::uint32_t offset = 0,
                                       std::uint8_t noc = noc_index) {
    ::emu::kernel::noc_write(src_local_l1_addr, addrgen.get_noc_addr(id, offset, noc),
                             size == 0 ? emu_page_size_of(addrgen) : size);
}

// Tile-granular forms (tt-metal marks them deprecated in favour of *_page, but the examples use them).
template <typename AddrGen>
FORCE_INLINE void noc_async_read_tile(const std::uint32_t id, const AddrGen& addrgen, std::uint32_t dst_local_l1_addr,
                                      std::uint32_t offset = 0, std::uint8_t noc = noc_index) {
    ::emu::kernel::noc_read(addrgen.get_noc_addr(id, offset, noc), dst_local_l1_addr, emu_page_size_of(addrgen));
}
template <typename AddrGen>
FORCE_INLINE void noc_async_write_tile(const std::uint32_t id, const AddrGen& addrgen, std::uint32_t src_local_l1_addr,
                                       std::uint8_t noc = noc_index) {
    ::emu::kernel::noc_write(src_local_l1_addr, addrgen.get_noc_addr(id, 0, noc), emu_page_size_of(addrgen));
}

FORCE_INLINE void noc_async_read_barrier(std::uint8_t noc = noc_index) {
    (void)noc;
    ::emu::kernel::noc_barrier();
}
FORCE_INLINE void noc_async_write_barrier(std::uint8_t noc = noc_index) {
    (void)noc;
    ::emu::kernel::noc_barrier();
}
FORCE_INLINE void noc_async_writes_flushed(std::uint8_t noc = noc_index) {
    (void)noc;
    ::emu::kernel::noc_barrier();
}
FORCE_INLINE void noc_async_posted_writes_flushed(std::uint8_t noc = noc_index) {
    (void)noc;
    ::emu::kernel::noc_barrier();
}
FORCE_INLINE void noc_async_atomic_barrier(std::uint8_t noc_idx = noc_index) {
    (void)noc_idx;
    ::emu::kernel::noc_barrier();
}
FORCE_INLINE void noc_async_full_barrier(std::uint8_t noc_idx = noc_index) {
    (void)noc_idx;
    ::emu::kernel::noc_barrier();
}

// ---- semaphores -------------------------------------------------------------------------------------------
// On Blackhole a kernel that spins on an L1 word written by the NoC or another RISC must call this in the loop
// (risc_common.h). Here it is where such a loop lets the other kernels of its core go on: they share an OS thread
// and run one at a time, so a loop that never calls the API would wait forever.
FORCE_INLINE void invalidate_l1_cache() { ::emu::kernel::spin_wait_hint(); }

template <ProgrammableCoreType type = ProgrammableCoreType::TENSIX>
FORCE_INLINE std::uint32_t get_semaphore(std::uint32_t semaphore_id) {
    return ::emu::kernel::semaphore_l1_address(semaphore_id);
}
FORCE_INLINE void noc_semaphore_wait(volatile tt_l1_ptr std::uint32_t* sem_addr, std::uint32_t val) {
    ::emu::kernel::wait_l1_word(sem_addr, val, false);
}
FORCE_INLINE void noc_semaphore_wait_min(volatile tt_l1_ptr std::uint32_t* sem_addr, std::uint32_t val) {
    ::emu::kernel::wait_l1_word(sem_addr, val, true);
}
FORCE_INLINE void noc_semaphore_set(volatile tt_l1_ptr std::uint32_t* sem_addr, std::uint32_t val) {
    __atomic_store_n(const_cast<std::uint32_t*>(sem_addr), val, __ATOMIC_SEQ_CST);
    ::emu::kernel::l1_word_stored();
}
template <bool posted = false>
FORCE_INLINE void noc_semaphore_inc(std::uint64_t addr, std::uint32_t incr, std::uint8_t noc_id = noc_index,
                                    std::uint8_t vc = NOC_UNICAST_WRITE_VC) {
    (void)noc_id;
    (void)vc;
    ::emu::kernel::noc_atomic_increment(addr, incr);
}
FORCE_INLINE void noc_semaphore_set_remote(std::uint32_t src_local_l1_addr, std::uint64_t dst_noc_addr,
                                           std::uint8_t noc = noc_index) {
    (void)noc;
    ::emu::kernel::noc_write(src_local_l1_addr, dst_noc_addr, 4);
}
FORCE_INLINE void noc_semaphore_set_multicast(std::uint32_t src_local_l1_addr, std::uint64_t dst_noc_addr_multicast,
                                              std::uint32_t num_dests, bool linked = false,
                                              std::uint8_t noc = noc_index) {
    (void)linked;
    (void)noc;
    ::emu::kernel::noc_write_multicast(src_local_l1_addr, dst_noc_addr_multicast, 4, num_dests, false);
}
FORCE_INLINE void noc_semaphore_set_multicast_loopback_src(std::uint32_t src_local_l1_addr,
                                                           std::uint64_t dst_noc_addr_multicast,
                                                           std::uint32_t num_dests, bool linked = false,
                                                           std::uint8_t noc = noc_index) {
    (void)linked;
    (void)noc;
    ::emu::kernel::noc_write_multicast(src_local_l1_addr, dst_noc_addr_multicast, 4, num_dests, true);
}

// Writes one 32-bit word to a NoC address (the value comes from a register, not from L1).
FORCE_INLINE void noc_inline_dw_write(std::uint64_t addr, std::uint32_t val, std::uint8_t be = 0xF,
                                      std::uint8_t noc = noc_index) {
    (void)be;
    (void)noc;
    ::emu::kernel::noc_write_word(addr, val);
}
