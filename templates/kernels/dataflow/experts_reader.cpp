// Experts reader (RISCV_1). This core owns the output tiles rows [row_begin, row_end) × horizon
// columns [col_begin, col_end) of the [series × P] forecast. It moves data only: for each
// series-tile row it makes the row's input tiles available (read from the tensor, or already in this
// core's L1 shard when X_RESIDENT), with REVIN its four RevIN tiles, with RESIDUAL_MLP the time-MLP's
// weight and bias tiles, then the K expert weight columns of every output tile (one read barrier per
// block; nothing when the weights are resident in L1, WEIGHTS_RESIDENT, whose pages it publishes
// once, or shared by the cores of a column group, WEIGHTS_SHARED, which fill each other's buffer
// once per forward with the writers' help), and last the router's K diagonal gate tiles and gate matrix (with
// GATES_RESIDENT already in this core's L1 shard, written there by the router) and each output tile's bias tile.
// With WAIT_FOR_GATES (router and experts in one program) it waits, before its first RevIN read, until every
// router core with statistics rows has signalled that they are in DRAM, and before its first gate read until
// every router core has signalled its gates — so the inputs and weights stream, and compute normalises and
// forms the partial forecasts, while the router computes the gates.
// With REVIN_FOLDED (RLinear) the partial forecasts are of the raw inputs: an owner reads the row's RevIN tiles
// with its gates, for the mixture, and a helper none; each output tile's mixture rows are its bias and
// column-sum tiles.
// With PARTIALS_FIRST it reads every row's inputs, RevIN tiles and weights before the first row's gates (compute
// forms all partial forecasts before the first mixture).
// With EXPERT_HELPERS the core reads the weight columns of its experts [expert_begin, expert_end) only; a
// helper (expert_begin > 0) stops there, and an owner, before the gates of each row, frees its helper_partials
// buffer, bumps each helper's helper_ready semaphore and waits until all have bumped its helper_filled.
#include <cstdint>

#include "api/dataflow/dataflow_api.h"
#include "../common/block_read.hpp"
#include "../common/semaphore.hpp"
#include "../common/series.hpp"
#include "../common/tile_math.hpp"
#include "../common/weight_share.hpp"

namespace {

constexpr uint32_t cb_x = tt::CBIndex::c_0;
constexpr uint32_t cb_gate = tt::CBIndex::c_1;
constexpr uint32_t cb_weights = tt::CBIndex::c_2;
constexpr uint32_t cb_bias = tt::CBIndex::c_5;
constexpr uint32_t cb_revin = tt::CBIndex::c_6;
constexpr uint32_t cb_mlp_w0 = tt::CBIndex::c_9;
constexpr uint32_t cb_mlp_w2 = tt::CBIndex::c_13;
constexpr uint32_t cb_mlp_bias = tt::CBIndex::c_10;

}  // namespace

void kernel_main() {
    uint32_t arg = 0;
    const uint32_t x_addr = get_arg_val<uint32_t>(arg++);
    const uint32_t weights_addr = get_arg_val<uint32_t>(arg++);
    const uint32_t gates_addr = get_arg_val<uint32_t>(arg++);
    const uint32_t revin_addr = get_arg_val<uint32_t>(arg++);
    const uint32_t row_begin = get_arg_val<uint32_t>(arg++);
    const uint32_t row_end = get_arg_val<uint32_t>(arg++);
    const uint32_t col_begin = get_arg_val<uint32_t>(arg++);
    const uint32_t col_end = get_arg_val<uint32_t>(arg++);
    const uint32_t horizon_tiles = get_arg_val<uint32_t>(arg++);     // Pt: tiles per weight row
    const uint32_t input_tiles = get_arg_val<uint32_t>(arg++);       // Lt
    const uint32_t experts = get_arg_val<uint32_t>(arg++);           // K
    const molegen::SeriesLayout layout{get_arg_val<uint32_t>(arg++), get_arg_val<uint32_t>(arg++),
                                       get_arg_val<uint32_t>(arg++)};
    const uint32_t weight_set_rows = get_arg_val<uint32_t>(arg++);   // K·Lt expert rows + the mixture rows per weight set
    const uint32_t resident_weight_tiles = get_arg_val<uint32_t>(arg++);
    const uint32_t mlp_w0_addr = get_arg_val<uint32_t>(arg++);
    const uint32_t mlp_b0_addr = get_arg_val<uint32_t>(arg++);
    const uint32_t mlp_w2_addr = get_arg_val<uint32_t>(arg++);
    const uint32_t mlp_b2_addr = get_arg_val<uint32_t>(arg++);
    const uint32_t hidden_tiles = get_arg_val<uint32_t>(arg++);      // Dt
    const uint32_t gates_ready_id = get_arg_val<uint32_t>(arg++);    // WAIT_FOR_GATES: semaphore, then
    const uint32_t router_cores = get_arg_val<uint32_t>(arg++);      // the signals to wait for
    const uint32_t stats_ready_id = get_arg_val<uint32_t>(arg++);    // WAIT_FOR_GATES with REVIN
    const uint32_t stats_cores = get_arg_val<uint32_t>(arg++);
    const uint32_t expert_begin = get_arg_val<uint32_t>(arg++);      // this core's experts [begin, end)
    const uint32_t expert_end = get_arg_val<uint32_t>(arg++);
    const uint32_t helper_ready_id = get_arg_val<uint32_t>(arg++);   // EXPERT_HELPERS: semaphores, then
    const uint32_t helper_filled_id = get_arg_val<uint32_t>(arg++);
    const uint32_t helper_pages = get_arg_val<uint32_t>(arg++);      // pages of cb_helper_partials per row
    const uint32_t helper_list = arg;                                // an owner's helpers: a count, NoC x/y pairs
    const uint32_t helpers = get_arg_val<uint32_t>(helper_list);
    arg += 1 + 2 * helpers;
    const uint32_t share_args = arg;                                 // WEIGHTS_SHARED: molegen::WeightShare's
    // The owner of its output tiles mixes them; a helper only forms some experts' partial forecasts.
    const bool owner = expert_begin == 0;
#if !defined(EXPERT_HELPERS)
    (void)helper_ready_id;
    (void)helper_filled_id;
    (void)helper_pages;
    (void)helper_list;
#endif

    constexpr auto x_args = TensorAccessorArgs<1>();
    constexpr auto weights_args = TensorAccessorArgs<x_args.next_compile_time_args_offset()>();
    constexpr auto gates_args = TensorAccessorArgs<weights_args.next_compile_time_args_offset()>();
    const auto x = TensorAccessor(x_args, x_addr, get_tile_size(cb_x));
    const auto weights = TensorAccessor(weights_args, weights_addr, get_tile_size(cb_weights));
    const auto gates = TensorAccessor(gates_args, gates_addr, get_tile_size(cb_gate));
#if defined(GATES_RESIDENT)
    (void)gates;
#endif
#if defined(REVIN)
    constexpr auto revin_args = TensorAccessorArgs<gates_args.next_compile_time_args_offset()>();
    const auto revin = TensorAccessor(revin_args, revin_addr, get_tile_size(cb_revin));
#else
    (void)revin_addr;
#endif
#if defined(RESIDUAL_MLP)
#if defined(REVIN)
    constexpr uint32_t mlp_args_offset = revin_args.next_compile_time_args_offset();
#else
    constexpr uint32_t mlp_args_offset = gates_args.next_compile_time_args_offset();
#endif
    constexpr auto mlp_w0_args = TensorAccessorArgs<mlp_args_offset>();
    constexpr auto mlp_b0_args = TensorAccessorArgs<mlp_w0_args.next_compile_time_args_offset()>();
    constexpr auto mlp_w2_args = TensorAccessorArgs<mlp_b0_args.next_compile_time_args_offset()>();
    constexpr auto mlp_b2_args = TensorAccessorArgs<mlp_w2_args.next_compile_time_args_offset()>();
    const auto mlp_w0 = TensorAccessor(mlp_w0_args, mlp_w0_addr, get_tile_size(cb_mlp_w0));
    const auto mlp_b0 = TensorAccessor(mlp_b0_args, mlp_b0_addr, get_tile_size(cb_mlp_bias));
    const auto mlp_w2 = TensorAccessor(mlp_w2_args, mlp_w2_addr, get_tile_size(cb_mlp_w2));
    const auto mlp_b2 = TensorAccessor(mlp_b2_args, mlp_b2_addr, get_tile_size(cb_mlp_bias));
#else
    (void)mlp_w0_addr;
    (void)mlp_b0_addr;
    (void)mlp_w2_addr;
    (void)mlp_b2_addr;
    (void)hidden_tiles;
#endif

#if defined(WEIGHTS_RESIDENT)
    // The weights already sit in this core's L1 shard under cb_weights: publish them once.
    cb_reserve_back(cb_weights, resident_weight_tiles);
    cb_push_back(cb_weights, resident_weight_tiles);
#else
    (void)resident_weight_tiles;
#endif

    // A row's input tiles into cb_x: the reads issued, not waited for (nothing to read when X_RESIDENT).
    auto issue_inputs = [&](uint32_t row) {
        cb_reserve_back(cb_x, input_tiles);
#if !defined(X_RESIDENT)
        uint32_t l1_addr = get_write_ptr(cb_x);
        for (uint32_t t = 0; t < input_tiles; ++t) {
            noc_async_read_tile(row * input_tiles + t, x, l1_addr);
            l1_addr += get_tile_size(cb_x);
        }
#else
        (void)row;
#endif
    };
    bool first_inputs_issued = false;

#if defined(WEIGHTS_SHARED)
    // This core's column group fills every member's weight columns once per forward (weight_share.hpp);
    // the writer moves the other half of this core's slice. The first row's inputs ride on the exchange's
    // read barrier.
    {
        const molegen::WeightShare share(share_args, cb_weights);
        if (row_end > row_begin) {
            issue_inputs(row_begin);
            first_inputs_issued = true;
        }
        cb_reserve_back(cb_weights, share.tiles());
        share.reader_part(weights, get_write_ptr(cb_weights));
        cb_push_back(cb_weights, share.tiles());
    }
#else
    (void)share_args;
#endif

    // The router's results are in DRAM once the router cores that write them have signalled: the RevIN tiles
    // (stats_ready) and the gates (gates_ready), each waited for once, before its first read.
#if defined(REVIN)
    bool stats_done = false;
#else
    (void)stats_ready_id;
    (void)stats_cores;
#endif
    bool gates_done = false;
    auto wait_for_router = [](uint32_t semaphore_id, uint32_t signals_expected, bool& done) {
        if (done) {
            return;
        }
#if defined(WAIT_FOR_GATES)
        molegen::wait_and_clear(get_semaphore(semaphore_id), signals_expected);
#else
        (void)semaphore_id;
        (void)signals_expected;
#endif
        done = true;
    };

#if !defined(WEIGHTS_RESIDENT) && !defined(WEIGHTS_SHARED)
    // The first weight tile row of a series-tile row's weight set: shared, or its channel's for per-channel experts.
    auto set_row_of = [&](uint32_t row) -> uint32_t {
        uint32_t b0 = 0;
        uint32_t channel = 0;
        layout.series_at(row * molegen::kTileDim, b0, channel);
#if defined(PER_CHANNEL_WEIGHTS)
        return channel * weight_set_rows;
#else
        (void)channel;
        return 0;
#endif
    };
#endif

    // Steps 1–4 of a row: everything its partial forecasts need.
    auto read_partials_inputs = [&](uint32_t row) {
        (void)row;  // unused when inputs, weights and RevIN tiles need no reads
        // 1. Inputs (the first row's may already be in, read under the weight exchange's barrier).
        if (row != row_begin || !first_inputs_issued) {
            issue_inputs(row);
#if !defined(X_RESIDENT)
            noc_async_read_barrier();
#endif
        }
        cb_push_back(cb_x, input_tiles);

#if defined(REVIN) && !defined(REVIN_FOLDED)
        // 2. RevIN tiles: compute normalises the inputs before any matmul, so they come first.
        wait_for_router(stats_ready_id, stats_cores, stats_done);
        molegen::read_block(revin, cb_revin, row * 4, 4, 1);
#endif

#if defined(RESIDUAL_MLP)
        // 3. Time-MLP weights, in the order compute uses them.
        for (uint32_t d = 0; d < hidden_tiles; ++d) {
            molegen::read_block(mlp_w0, cb_mlp_w0, d, input_tiles, hidden_tiles);
            molegen::read_block(mlp_b0, cb_mlp_bias, d, 1, 1);
        }
        for (uint32_t t = 0; t < input_tiles; ++t) {
            molegen::read_block(mlp_w2, cb_mlp_w2, t, hidden_tiles, input_tiles);
            molegen::read_block(mlp_b2, cb_mlp_bias, t, 1, 1);
        }
#endif

        // 4. The K expert weight columns of every output tile (the partial forecasts need no gates).
#if !defined(WEIGHTS_RESIDENT) && !defined(WEIGHTS_SHARED)
        const uint32_t set_row = set_row_of(row);
        for (uint32_t col = col_begin; col < col_end; ++col) {
            for (uint32_t k = expert_begin; k < expert_end; ++k) {
                molegen::read_block(weights, cb_weights, (set_row + k * input_tiles) * horizon_tiles + col, input_tiles, horizon_tiles);
            }
        }
#endif
    };

    // Steps 5–6 of a row: what its mixture needs (owners only).
    auto read_mixture_inputs = [&](uint32_t row) {
        if (!owner) {
            return;
        }
#if defined(EXPERT_HELPERS)
        // 5. The helpers' partial forecasts: once this row's buffer is free, tell each helper, then wait for all.
        if (helpers > 0) {
            constexpr uint32_t cb_helper_partials = tt::CBIndex::c_7;
            // The whole buffer every row (an edge owner's fewer columns leave slots unused), so its write pointer
            // is back at the start — the address the helpers write to — for every row.
            const uint32_t pages = helper_pages;
            cb_reserve_back(cb_helper_partials, pages);
            molegen::signal_cores(helper_list, helper_ready_id);
            molegen::wait_and_clear(get_semaphore(helper_filled_id), helpers);
            cb_push_back(cb_helper_partials, pages);
        }
#endif

        // 6. The row's K diagonal gate tiles and gate matrix, then the bias tile of every output tile. With
        // GATES_RESIDENT the router has written them into this core's L1 shard, under cb_gate: publish the row's.
        wait_for_router(gates_ready_id, router_cores, gates_done);
#if defined(GATES_RESIDENT)
        cb_reserve_back(cb_gate, experts + 1);
        cb_push_back(cb_gate, experts + 1);
#else
        molegen::read_block(gates, cb_gate, row * (experts + 1), experts + 1, 1);
#endif
#if defined(REVIN_FOLDED)
        // The RevIN tiles: the mixture applies the normalisation (the router signals them before the gates).
        wait_for_router(stats_ready_id, stats_cores, stats_done);
        molegen::read_block(revin, cb_revin, row * 4, 4, 1);
#endif
#if !defined(WEIGHTS_RESIDENT) && !defined(WEIGHTS_SHARED)
        // The mixture rows of every output tile: its bias tile, and with REVIN_FOLDED its column-sum tile.
        const uint32_t set_row = set_row_of(row);
        const uint32_t mixture_rows = weight_set_rows - experts * input_tiles;
        for (uint32_t col = col_begin; col < col_end; ++col) {
            molegen::read_block(weights, cb_bias, (set_row + experts * input_tiles) * horizon_tiles + col, mixture_rows, horizon_tiles);
        }
#else
        (void)col_begin;
        (void)col_end;
        (void)horizon_tiles;
        (void)weight_set_rows;
#endif
    };

#if defined(PARTIALS_FIRST)
    // Every row's inputs and weights first (compute forms all partial forecasts before the first mixture), then
    // the gates, row by row.
    for (uint32_t row = row_begin; row < row_end; ++row) {
        read_partials_inputs(row);
    }
    for (uint32_t row = row_begin; row < row_end; ++row) {
        read_mixture_inputs(row);
    }
#else
    for (uint32_t row = row_begin; row < row_end; ++row) {
        read_partials_inputs(row);
        read_mixture_inputs(row);
    }
#endif
}
