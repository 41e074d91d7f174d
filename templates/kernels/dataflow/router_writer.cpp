// Router writer (RISCV_0), for the router's two phases (see router_reader.cpp):
//   0. first, the constant tiles this core's rows use and, for gates rows, the K expert selectors and the identity
//      (for statistics rows the identity only), into cb_consts and cb_selectors, on this RISC-V's NoC while the
//      reader moves the rows' inputs on the other;
//   1. in a group of cores that share a batch row's hidden tiles, sends this core's part of them to every
//      member (hidden_share.hpp); writes this core's logit tiles [tile_begin, tile_end) to the logits tensor, then reports to the
//      leader (router core 0) through its logits-done semaphore; the leader waits for every router core
//      and then bumps the logits-ready semaphore of each, which releases their readers' gathers (not with
//      PER_ROW_LOGITS, where each row computes its own logits);
//   2. with REVIN, for each row of [stats_begin, stats_end), its four RevIN tiles to the revin_stats tensor
//      (with STATS_FIRST before 1.);
//      then for each series-tile row [row_begin, row_end), the row's K diagonal gate tiles and its gate
//      matrix to the gates tensor (K + 1 tiles per row) — to each of its copies when the gates sit in the L1 of
//      experts cores that split a row's output tiles between them (gate_copies > 1);
//   3. with SIGNAL_EXPERTS (router and experts in one program): once its RevIN rows are written, bumps the
//      stats-ready semaphore of every experts core (cores with statistics rows only), so the experts can
//      normalise and form their partial forecasts before the gates are known; once all its rows are
//      written, bumps the gates-ready semaphore of every experts core.
// With GATES_PIPELINED, 1. and 2. are one: the logit tiles stay in this core's L1 (cb_logits) and, once compute has
// packed one, the writer gathers the gates rows of the channels it holds from it — one NoC read of a series' K logits
// into its row of the row's gather tile, as the reader does from the logits tensor otherwise — and writes each row's
// gate tiles one row behind, so that compute never waits on a write while the next row is gathered. No hand-off.
// Runtime args end with the hidden-share args (hidden_share.hpp), then two core lists, each a count and then
// (NoC x, NoC y) pairs: the router cores (read by the leader only) and the experts cores. Moves data and
// semaphores only.
#include <cstdint>

#include "api/dataflow/dataflow_api.h"
#include "../common/block_read.hpp"
#include "../common/hidden_share.hpp"
#include "../common/logit_gather.hpp"
#include "../common/router_cbs.hpp"
#include "../common/semaphore.hpp"
#include "../common/series.hpp"
#include "../common/tile_math.hpp"

namespace {

using namespace molegen::router_cbs;

}  // namespace

void kernel_main() {
    uint32_t arg = 0;
    const uint32_t logits_addr = get_arg_val<uint32_t>(arg++);
    const uint32_t gates_addr = get_arg_val<uint32_t>(arg++);
    const uint32_t revin_addr = get_arg_val<uint32_t>(arg++);
    const uint32_t tile_begin = get_arg_val<uint32_t>(arg++);
    const uint32_t tile_end = get_arg_val<uint32_t>(arg++);
    const uint32_t row_begin = get_arg_val<uint32_t>(arg++);
    const uint32_t row_end = get_arg_val<uint32_t>(arg++);
    const uint32_t experts = get_arg_val<uint32_t>(arg++);
    const uint32_t logits_done_id = get_arg_val<uint32_t>(arg++);
    const uint32_t logits_ready_id = get_arg_val<uint32_t>(arg++);
    const uint32_t leader_x = get_arg_val<uint32_t>(arg++);  // NoC coordinates of router core 0
    const uint32_t leader_y = get_arg_val<uint32_t>(arg++);
    const uint32_t is_leader = get_arg_val<uint32_t>(arg++);
    const uint32_t gates_ready_id = get_arg_val<uint32_t>(arg++);
    const uint32_t stats_ready_id = get_arg_val<uint32_t>(arg++);  // REVIN with SIGNAL_EXPERTS
    const uint32_t stats_begin = get_arg_val<uint32_t>(arg++);  // REVIN: statistics rows
    const uint32_t stats_end = get_arg_val<uint32_t>(arg++);
    const uint32_t hidden_tiles = get_arg_val<uint32_t>(arg++);
    const uint32_t gate_copies = get_arg_val<uint32_t>(arg++);          // copies of a row's gate tiles, laid out
    const uint32_t gate_rows_per_shard = get_arg_val<uint32_t>(arg++);  // in blocks of this many tile rows
    const uint32_t consts_addr = get_arg_val<uint32_t>(arg++);
    const uint32_t selectors_addr = get_arg_val<uint32_t>(arg++);
    const uint32_t seq_len = get_arg_val<uint32_t>(arg++);
    const uint32_t logit_tiles = get_arg_val<uint32_t>(arg++);  // Zt: logit column tiles per batch row
    const molegen::SeriesLayout layout{get_arg_val<uint32_t>(arg++), get_arg_val<uint32_t>(arg++),
                                       get_arg_val<uint32_t>(arg++)};
    const molegen::HiddenShare share(arg, hidden_tiles);
#if !defined(GATES_PIPELINED)
    (void)logit_tiles;
    (void)layout;
#endif
    const uint32_t router_list = arg + 4 + 2 * get_arg_val<uint32_t>(arg + 3);
    const uint32_t experts_list = router_list + 1 + 2 * get_arg_val<uint32_t>(router_list);

    constexpr auto logits_args = TensorAccessorArgs<0>();
    constexpr auto gates_args = TensorAccessorArgs<logits_args.next_compile_time_args_offset()>();
    const auto gates = TensorAccessor(gates_args, gates_addr, get_tile_size(cb_gates));
#if defined(REVIN)
    constexpr auto revin_args = TensorAccessorArgs<gates_args.next_compile_time_args_offset()>();
    const auto revin = TensorAccessor(revin_args, revin_addr, get_tile_size(cb_revin));
    constexpr uint32_t consts_args_offset = revin_args.next_compile_time_args_offset();
#else
    (void)revin_addr;
    constexpr uint32_t consts_args_offset = gates_args.next_compile_time_args_offset();
#endif
    constexpr auto consts_args = TensorAccessorArgs<consts_args_offset>();
    constexpr auto selectors_args = TensorAccessorArgs<consts_args.next_compile_time_args_offset()>();
    const auto consts = TensorAccessor(consts_args, consts_addr, get_tile_size(cb_consts));
    const auto selectors = TensorAccessor(selectors_args, selectors_addr, get_tile_size(cb_selectors));

    // 0. The constant tiles only where they are used: by gates and statistics rows (not by logit tiles), each into
    // its slot — the reduce scaler always; the ramp and the valid-experts mask (and with PER_ROW_LOGITS the gather
    // template) for gates rows; 1/L and, when the last input tile is partial, the time mask for statistics rows —
    // and the selectors by gates rows, the identity among them by statistics rows too. One barrier for both.
    const bool gates_rows = has_gates_rows(tile_begin, tile_end, row_begin, row_end);
    const bool consts_used = uses_consts(gates_rows, stats_begin, stats_end);
    if (consts_used) {
        cb_reserve_back(cb_consts, kConstTiles);
        const uint32_t base = get_write_ptr(cb_consts);
        auto read_const = [&](uint32_t tile) { noc_async_read_tile(tile, consts, base + tile * get_tile_size(cb_consts)); };
        read_const(kOnes);
        if (gates_rows) {
            read_const(kRamp);
            read_const(kValidExperts);
#if defined(PER_ROW_LOGITS)
            read_const(kZrowTemplate);
#endif
        }
        if (stats_end > stats_begin) {
            read_const(kInverseLength);
            if (seq_len % molegen::kTileDim != 0) {
                read_const(kTimeMask);
            }
        }
    }
    if (gates_rows) {
        molegen::issue_block(selectors, cb_selectors, 0, experts + 1, 1);
    } else if (consts_used) {
        cb_reserve_back(cb_selectors, experts + 1);
        noc_async_read_tile(experts, selectors, get_write_ptr(cb_selectors) + experts * get_tile_size(cb_selectors));
    }
    noc_async_read_barrier();
    if (consts_used) {
        cb_push_back(cb_consts, kConstTiles);
        cb_push_back(cb_selectors, experts + 1);
    }

    // 2. With REVIN, the statistics rows before the gates (with STATS_FIRST before the logits too): the experts
    // normalise with them before they need the gates.
#if defined(REVIN)
    auto write_statistics_rows = [&]() {
        for (uint32_t row = stats_begin; row < stats_end; ++row) {
            cb_wait_front(cb_revin, 4);
            uint32_t l1_addr = get_read_ptr(cb_revin);
            for (uint32_t i = 0; i < 4; ++i) {
                noc_async_write_tile(row * 4 + i, revin, l1_addr);
                l1_addr += get_tile_size(cb_revin);
            }
            noc_async_write_barrier();
            cb_pop_front(cb_revin, 4);
        }
#if defined(SIGNAL_EXPERTS)
        if (stats_end > stats_begin) {
            molegen::signal_cores(experts_list, stats_ready_id);
        }
#endif
    };
#endif
#if defined(REVIN) && defined(STATS_FIRST)
    write_statistics_rows();
#endif

    // A row's gate tiles, to every copy: row r, copy q at tile row (r / block · copies + q) · block + r % block.
    const uint32_t gate_tiles = experts + 1;
    auto write_gates = [&](uint32_t row) {
        cb_wait_front(cb_gates, gate_tiles);
        const uint32_t first_copy_row =
            (row / gate_rows_per_shard) * gate_copies * gate_rows_per_shard + row % gate_rows_per_shard;
        for (uint32_t copy = 0; copy < gate_copies; ++copy) {
            const uint32_t first_page = (first_copy_row + copy * gate_rows_per_shard) * gate_tiles;
            uint32_t l1_addr = get_read_ptr(cb_gates);
            for (uint32_t i = 0; i < gate_tiles; ++i) {
                noc_async_write_tile(first_page + i, gates, l1_addr);
                l1_addr += get_tile_size(cb_gates);
            }
        }
        noc_async_write_barrier();
        cb_pop_front(cb_gates, gate_tiles);
    };

#if defined(GATES_PIPELINED)
    // 1–2. Each logit tile, as compute packs it: the gates rows of its channels gathered from it, their gates written.
    (void)logits_addr;
    (void)logits_done_id;
    (void)logits_ready_id;
    (void)leader_x;
    (void)leader_y;
    (void)is_leader;
    if (share.shared()) {
        share.send(cb_logits, cb_hidden);
    }
    constexpr uint32_t kNoRow = UINT32_MAX;
    uint32_t pending = kNoRow;  // the row whose gates compute forms now
    uint32_t gathered = 0;
    for (uint32_t tile = tile_begin; tile < tile_end; ++tile) {
        cb_wait_front(cb_logits, 1);
        const uint32_t logits_l1 = get_read_ptr(cb_logits);
        const uint32_t batch_tile = tile / logit_tiles;
        const molegen::TileChannels channels = molegen::channels_of_logit_tile(tile % logit_tiles, experts, layout.channels);
        for (uint32_t c = channels.first; c < channels.end; ++c) {
            const uint32_t row = layout.row_of(batch_tile * molegen::kTileDim, c) / molegen::kTileDim;
            cb_reserve_back(cb_zrow, 1);
            const uint32_t zrow_addr = get_write_ptr(cb_zrow);
            // A page's first use starts from the template (−1e30 past expert K−1); later rows only overwrite the
            // expert columns.
            if (gathered++ < 2) {
                noc_async_read_tile(kZrowTemplate, consts, zrow_addr);
            }
            const uint32_t column = (c * experts) % molegen::kTileDim;
            molegen::gather_logits_by_noc(zrow_addr, experts, [&](uint32_t r, uint64_t& from) {
                if (batch_tile * molegen::kTileDim + r >= layout.batch) {
                    return false;
                }
                from = get_noc_addr(logits_l1 + molegen::tile_element_offset(r, column) * sizeof(float));
                return true;
            });
            cb_push_back(cb_zrow, 1);
            if (pending != kNoRow) {
                write_gates(pending);
            }
            pending = row;
        }
        cb_pop_front(cb_logits, 1);
    }
    if (pending != kNoRow) {
        write_gates(pending);
    }
#elif defined(PER_ROW_LOGITS)
    // No shared logits: every row computes its own, so there is nothing to hand off.
    (void)logits_addr;
    (void)tile_begin;
    (void)tile_end;
    (void)logits_done_id;
    (void)logits_ready_id;
    (void)leader_x;
    (void)leader_y;
    (void)is_leader;
    (void)share;
#else
    // 1. Logits, then the all-router-cores hand-off.
    const auto logits = TensorAccessor(logits_args, logits_addr, get_tile_size(cb_logits));
    if (share.shared()) {
        share.send(cb_logits, cb_hidden);
    }
    for (uint32_t tile = tile_begin; tile < tile_end; ++tile) {
        cb_wait_front(cb_logits, 1);
        noc_async_write_tile(tile, logits, get_read_ptr(cb_logits));
        noc_async_write_barrier();
        cb_pop_front(cb_logits, 1);
    }
    noc_semaphore_inc(get_noc_addr(leader_x, leader_y, get_semaphore(logits_done_id)), 1);
    noc_async_atomic_barrier();
    if (is_leader) {
        molegen::wait_and_clear(get_semaphore(logits_done_id), get_arg_val<uint32_t>(router_list));
        molegen::signal_cores(router_list, logits_ready_id);
    }
#endif

#if defined(REVIN) && !defined(STATS_FIRST)
    write_statistics_rows();
#endif

    // Then the gates of each row (with GATES_PIPELINED the range is empty: they went with the logit tiles).
    for (uint32_t row = row_begin; row < row_end; ++row) {
        write_gates(row);
    }

#if defined(SIGNAL_EXPERTS)
    // 3. Everything this core owes is in DRAM: tell every experts core.
    molegen::signal_cores(experts_list, gates_ready_id);
#else
    (void)gates_ready_id;
    (void)experts_list;
#endif
#if !defined(SIGNAL_EXPERTS) || !defined(REVIN)
    (void)stats_ready_id;
#endif
}
