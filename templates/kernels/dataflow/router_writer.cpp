// Router writer (RISCV_0). For every series-tile row [row_begin, row_end) this core owns:
//   1. gathers the row's logits from the logit tiles compute produced ([batch × K·C], column
//      c·channel_stride + k·expert_stride) into one [series × expert] tile for compute: element
//      (r, k) is the logit of series r and expert k; expert columns k ≥ K hold −1e30 so they never
//      win a row maximum (from the router_consts template tile), and padding series hold 0;
//   2. writes the row's K gate column tiles and its gate matrix to the gates tensor (K + 1 tiles per
//      row), and with REVIN its four RevIN tiles to the revin_stats tensor;
//   3. with SIGNAL_EXPERTS (router and experts in one program), once all its rows are written, bumps
//      the gates-ready semaphore of every experts core.
// Moves data only: the gather is element copies, no arithmetic.
#include <cstdint>

#include "api/dataflow/dataflow_api.h"
#include "../common/router_cbs.hpp"
#include "../common/series.hpp"
#include "../common/tile_math.hpp"

namespace {

using namespace molegen::router_cbs;
constexpr uint32_t kMaxExperts = 16;

volatile tt_l1_ptr float* tile_floats(uint32_t addr) { return reinterpret_cast<volatile tt_l1_ptr float*>(addr); }

}  // namespace

void kernel_main() {
    uint32_t arg = 0;
    const uint32_t consts_addr = get_arg_val<uint32_t>(arg++);
    const uint32_t gates_addr = get_arg_val<uint32_t>(arg++);
    const uint32_t revin_addr = get_arg_val<uint32_t>(arg++);
    const uint32_t row_begin = get_arg_val<uint32_t>(arg++);
    const uint32_t row_end = get_arg_val<uint32_t>(arg++);
    const uint32_t experts = get_arg_val<uint32_t>(arg++);
    const uint32_t channel_stride = get_arg_val<uint32_t>(arg++);
    const uint32_t expert_stride = get_arg_val<uint32_t>(arg++);
    const molegen::SeriesLayout layout{get_arg_val<uint32_t>(arg++), get_arg_val<uint32_t>(arg++),
                                       get_arg_val<uint32_t>(arg++)};
    const uint32_t semaphore_id = get_arg_val<uint32_t>(arg++);
    const uint32_t experts_cores = get_arg_val<uint32_t>(arg++);  // followed by (noc x, noc y) pairs

    constexpr auto consts_args = TensorAccessorArgs<0>();
    constexpr auto gates_args = TensorAccessorArgs<consts_args.next_compile_time_args_offset()>();
    const auto consts = TensorAccessor(consts_args, consts_addr, get_tile_size(cb_zrow));
    const auto gates = TensorAccessor(gates_args, gates_addr, get_tile_size(cb_gates));
#if defined(REVIN)
    constexpr auto revin_args = TensorAccessorArgs<gates_args.next_compile_time_args_offset()>();
    const auto revin = TensorAccessor(revin_args, revin_addr, get_tile_size(cb_revin));
#else
    (void)revin_addr;
#endif

    for (uint32_t row = row_begin; row < row_end; ++row) {
        // 1. Gather.
        cb_reserve_back(cb_zrow, 1);
        const uint32_t zrow_addr = get_write_ptr(cb_zrow);
        volatile tt_l1_ptr float* z = tile_floats(zrow_addr);
        if (row - row_begin < 2) {
            // A page's first use: start from the template (0 in the expert columns, −1e30 in the others);
            // compute never writes this buffer, so later rows only overwrite the expert columns.
            noc_async_read_tile(kZrowTemplate, consts, zrow_addr);
            noc_async_read_barrier();
        }
        for (uint32_t r = 0; r < molegen::kTileDim; ++r) {
            uint32_t b = 0;
            uint32_t c = 0;
            if (!layout.series_at(row * molegen::kTileDim + r, b, c)) {
                for (uint32_t k = 0; k < experts; ++k) {
                    z[molegen::tile_element_offset(r, k)] = 0.0f;  // padding series
                }
            }
        }
        const molegen::LogitTiles needed(layout, row, experts, channel_stride, expert_stride);
        needed.for_each([&](uint32_t logit_tile) {
            cb_wait_front(cb_logits, 1);
            volatile tt_l1_ptr float* logits = tile_floats(get_read_ptr(cb_logits));
            for (uint32_t r = 0; r < molegen::kTileDim; ++r) {
                uint32_t b = 0;
                uint32_t c = 0;
                if (!layout.series_at(row * molegen::kTileDim + r, b, c)) {
                    continue;
                }
                for (uint32_t k = 0; k < experts && k < kMaxExperts; ++k) {
                    const uint32_t column = c * channel_stride + k * expert_stride;
                    if (column / molegen::kTileDim == logit_tile) {
                        z[molegen::tile_element_offset(r, k)] =
                            logits[molegen::tile_element_offset(b % molegen::kTileDim, column % molegen::kTileDim)];
                    }
                }
            }
            cb_pop_front(cb_logits, 1);
        });
        cb_push_back(cb_zrow, 1);

        // 2. Gates (and RevIN statistics) of the row.
        const uint32_t gate_tiles = experts + 1;
        cb_wait_front(cb_gates, gate_tiles);
        uint32_t l1_addr = get_read_ptr(cb_gates);
        for (uint32_t i = 0; i < gate_tiles; ++i) {
            noc_async_write_tile(row * gate_tiles + i, gates, l1_addr);
            l1_addr += get_tile_size(cb_gates);
        }
#if defined(REVIN)
        cb_wait_front(cb_revin, 4);
        l1_addr = get_read_ptr(cb_revin);
        for (uint32_t i = 0; i < 4; ++i) {
            noc_async_write_tile(row * 4 + i, revin, l1_addr);
            l1_addr += get_tile_size(cb_revin);
        }
#endif
        noc_async_write_barrier();
        cb_pop_front(cb_gates, gate_tiles);
#if defined(REVIN)
        cb_pop_front(cb_revin, 4);
#endif
    }

#if defined(SIGNAL_EXPERTS)
    // 3. Everything this core owes is in DRAM: tell every experts core.
    const uint32_t semaphore_addr = get_semaphore(semaphore_id);
    for (uint32_t i = 0; i < experts_cores; ++i) {
        const uint32_t noc_x = get_arg_val<uint32_t>(arg + 2 * i);
        const uint32_t noc_y = get_arg_val<uint32_t>(arg + 2 * i + 1);
        noc_semaphore_inc(get_noc_addr(noc_x, noc_y, semaphore_addr), 1);
    }
    noc_async_atomic_barrier();
#else
    (void)semaphore_id;
    (void)experts_cores;
#endif
}
