// Router reader (RISCV_1). The router runs in two phases over its cores:
//   1. logits: for the logit tiles [tile_begin, tile_end) of the [batch × K·C] logits this core owns, it
//      provides the feature tiles and the first-layer weight columns of the hidden tiles this core computes
//      whenever the tile's 32-sample batch row changes — all of them, or in a group of cores that share the
//      batch row its own part, the other members' parts arriving in cb_hidden through the NoC (see
//      hidden_share.hpp) — then the tile's second-layer weight column (one read barrier per block). Features are the time
//      features of each window's first step — or, with STATS_FEATURES, computed here from the input
//      windows: per channel the mean, population standard deviation, minimum and maximum over time
//      (feature s·C + c), in fp32;
//   2. with REVIN, first, for each row of [stats_begin, stats_end) (the rows whose statistics this core
//      computes) the row's input tiles and its γ/β tiles (with STATS_FIRST before phase 1); then the gates: once every router core's logits
//      are in DRAM (the logits-ready semaphore), for each
//      series-tile row [row_begin, row_end) it reads the row's logit tiles (only its samples' rows of
//      each when it holds few samples) and gathers them into one [series × expert] tile
//      (element (r, k): series r, expert k; expert columns k ≥ K hold −1e30 from the template tile so
//      they never win a row maximum; padding series hold 0) — with GATHER_BY_NOC (expert stride 1,
//      K ∈ {4, 8, 16}, each series' logits at an offset a NoC read may start from) by one NoC read per series
//      straight into its row, else by scalar copies.
//   With GATES_PIPELINED there is no phase 2: the writer gathers each row from this core's own logit tiles.
//   With PER_ROW_LOGITS there is no phase 1 and no hand-off: per series-tile row it provides the row's series
//   features (each series' row holding its sample's time features, laid out by the host), the layer-1 weight
//   columns, and for each logit tile the row needs its layer-2 weight column, the row's channel mask for that
//   tile and the tile's expert selection — with ROW_READS_BATCHED all of a row's layer-1 columns under one
//   barrier with its features, and all of its logit tiles' under one more.
// The constant and selector tiles come from the writer, on its own NoC (router_writer.cpp).
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
constexpr bool kActivationsFp32 = get_compile_time_arg_val(0) == 1;

void store_feature(uint32_t features_addr, uint32_t row, uint32_t feature, float value) {
    const uint32_t tile = feature / molegen::kTileDim;
    reinterpret_cast<volatile tt_l1_ptr float*>(features_addr + tile * get_tile_size(cb_features))
        [molegen::tile_element_offset(row, feature % molegen::kTileDim)] = value;
}

float load_activation(uint32_t row_addr, uint32_t tile_bytes, uint32_t r, uint32_t l) {
    const uint32_t tile_addr = row_addr + (l / molegen::kTileDim) * tile_bytes;
    const uint32_t offset = molegen::tile_element_offset(r, l % molegen::kTileDim);
    if constexpr (kActivationsFp32) {
        return reinterpret_cast<volatile tt_l1_ptr float*>(tile_addr)[offset];
    } else {
        return molegen::bf16_to_float(reinterpret_cast<volatile tt_l1_ptr uint16_t*>(tile_addr)[offset]);
    }
}

}  // namespace

void kernel_main() {
    uint32_t arg = 0;
    const uint32_t features_addr = get_arg_val<uint32_t>(arg++);
    const uint32_t w0_addr = get_arg_val<uint32_t>(arg++);
    const uint32_t w2_addr = get_arg_val<uint32_t>(arg++);
    const uint32_t consts_addr = get_arg_val<uint32_t>(arg++);
    const uint32_t logits_addr = get_arg_val<uint32_t>(arg++);
    const uint32_t x_addr = get_arg_val<uint32_t>(arg++);
    const uint32_t revin_params_addr = get_arg_val<uint32_t>(arg++);
    const uint32_t tile_begin = get_arg_val<uint32_t>(arg++);
    const uint32_t tile_end = get_arg_val<uint32_t>(arg++);
    const uint32_t row_begin = get_arg_val<uint32_t>(arg++);
    const uint32_t row_end = get_arg_val<uint32_t>(arg++);
    const uint32_t feature_tiles = get_arg_val<uint32_t>(arg++);  // Ft: K dimension of layer 1
    const uint32_t hidden_tiles = get_arg_val<uint32_t>(arg++);   // Ht: N of layer 1, K of layer 2
    const uint32_t logit_tiles = get_arg_val<uint32_t>(arg++);    // Zt: N of layer 2
    const uint32_t w2_block = get_arg_val<uint32_t>(arg++);       // layer-2 weight tiles per read batch
    const uint32_t experts = get_arg_val<uint32_t>(arg++);
    const uint32_t channel_stride = get_arg_val<uint32_t>(arg++);
    const uint32_t expert_stride = get_arg_val<uint32_t>(arg++);
    const uint32_t input_tiles = get_arg_val<uint32_t>(arg++);
    const uint32_t seq_len = get_arg_val<uint32_t>(arg++);
    const molegen::SeriesLayout layout{get_arg_val<uint32_t>(arg++), get_arg_val<uint32_t>(arg++),
                                       get_arg_val<uint32_t>(arg++)};
    const uint32_t logits_ready_id = get_arg_val<uint32_t>(arg++);
    const uint32_t gather_masks_addr = get_arg_val<uint32_t>(arg++);  // PER_ROW_LOGITS
    const uint32_t gather_selects_addr = get_arg_val<uint32_t>(arg++);
    const uint32_t stats_begin = get_arg_val<uint32_t>(arg++);         // REVIN: statistics rows
    const uint32_t stats_end = get_arg_val<uint32_t>(arg++);
    const molegen::HiddenShare share(arg, hidden_tiles);

    // Compile-time args: [activations fp32], then the accessors of features (series_features with
    // PER_ROW_LOGITS, x with STATS_FEATURES), router_w0, router_w2, router_consts (the gather template), logits,
    // and with REVIN x and revin_rows.
    constexpr auto input_args = TensorAccessorArgs<1>();
    constexpr auto w0_args = TensorAccessorArgs<input_args.next_compile_time_args_offset()>();
    constexpr auto w2_args = TensorAccessorArgs<w0_args.next_compile_time_args_offset()>();
    constexpr auto consts_args = TensorAccessorArgs<w2_args.next_compile_time_args_offset()>();
    constexpr auto logits_args = TensorAccessorArgs<consts_args.next_compile_time_args_offset()>();
    const auto w0 = TensorAccessor(w0_args, w0_addr, get_tile_size(cb_w0));
    const auto w2 = TensorAccessor(w2_args, w2_addr, get_tile_size(cb_w2));
    const auto consts = TensorAccessor(consts_args, consts_addr, get_tile_size(cb_consts));
#if defined(REVIN)
    constexpr auto x_args = TensorAccessorArgs<logits_args.next_compile_time_args_offset()>();
    constexpr auto revin_args = TensorAccessorArgs<x_args.next_compile_time_args_offset()>();
    const auto x_rows = TensorAccessor(x_args, x_addr, get_tile_size(cb_x_row));
    const auto revin_params = TensorAccessor(revin_args, revin_params_addr, get_tile_size(cb_revin_params));
    constexpr uint32_t per_row_args_offset = revin_args.next_compile_time_args_offset();
#else
    (void)revin_params_addr;
    constexpr uint32_t per_row_args_offset = logits_args.next_compile_time_args_offset();
#endif
#if defined(PER_ROW_LOGITS)
    constexpr auto masks_args = TensorAccessorArgs<per_row_args_offset>();
    constexpr auto selects_args = TensorAccessorArgs<masks_args.next_compile_time_args_offset()>();
    const auto gather_masks = TensorAccessor(masks_args, gather_masks_addr, get_tile_size(cb_gather_mask));
    const auto gather_selects = TensorAccessor(selects_args, gather_selects_addr, get_tile_size(cb_gather_select));
    (void)logits_addr;
    (void)logits_ready_id;
    (void)consts;
#else
    (void)per_row_args_offset;
    (void)gather_masks_addr;
    (void)gather_selects_addr;
    const auto logits = TensorAccessor(logits_args, logits_addr, get_tile_size(cb_logits));
#endif
#if defined(STATS_FEATURES)
    const auto x = TensorAccessor(input_args, x_addr, get_tile_size(cb_x_scratch));
    (void)features_addr;
#else
    const auto features = TensorAccessor(input_args, features_addr, get_tile_size(cb_features));
#if !defined(REVIN)
    (void)x_addr;
    (void)input_tiles;
#endif
    (void)seq_len;
#endif

#if defined(REVIN)
    // The RevIN statistics rows this core computes (they may be other rows than its gates): inputs and γ/β,
    // before the gates rows (the experts need the statistics first) — with STATS_FIRST before the logit tiles too.
    auto read_statistics_rows = [&]() {
        for (uint32_t row = stats_begin; row < stats_end; ++row) {
            molegen::issue_block(x_rows, cb_x_row, row * input_tiles, input_tiles, 1);
            molegen::read_block(revin_params, cb_revin_params, row * molegen::router_cbs::kRevinParamTiles, molegen::router_cbs::kRevinParamTiles, 1);
            cb_push_back(cb_x_row, input_tiles);
        }
    };
#endif
#if defined(REVIN) && defined(STATS_FIRST)
    read_statistics_rows();
#endif

    // Phase 1: inputs of this core's logit tiles.
    uint32_t batch_row = UINT32_MAX;
    for (uint32_t tile = tile_begin; tile < tile_end; ++tile) {
        const uint32_t col = tile % logit_tiles;
        if (tile / logit_tiles != batch_row) {
            batch_row = tile / logit_tiles;
            if (share.shared()) {
                share.open(cb_hidden, hidden_tiles);
            }
#if defined(STATS_FEATURES)
            cb_reserve_back(cb_features, feature_tiles);
            const uint32_t out = get_write_ptr(cb_features);
            volatile tt_l1_ptr uint32_t* words = reinterpret_cast<volatile tt_l1_ptr uint32_t*>(out);
            for (uint32_t i = 0; i < feature_tiles * get_tile_size(cb_features) / 4; ++i) {
                words[i] = 0;
            }
            const uint32_t tile_bytes = get_tile_size(cb_x_scratch);
            cb_reserve_back(cb_x_scratch, input_tiles);
            const uint32_t scratch = get_write_ptr(cb_x_scratch);
            for (uint32_t r = 0; r < molegen::kTileDim; ++r) {
                const uint32_t b = batch_row * molegen::kTileDim + r;
                if (b >= layout.batch) {
                    break;
                }
                for (uint32_t c = 0; c < layout.channels; ++c) {
                    const uint32_t series_row = layout.row_of(b, c);
                    const uint32_t in_tile = series_row % molegen::kTileDim;
                    for (uint32_t t = 0; t < input_tiles; ++t) {
                        noc_async_read_tile((series_row / molegen::kTileDim) * input_tiles + t, x, scratch + t * tile_bytes);
                    }
                    noc_async_read_barrier();
                    float sum = 0.0f;
                    float low = load_activation(scratch, tile_bytes, in_tile, 0);
                    float high = low;
                    for (uint32_t l = 0; l < seq_len; ++l) {
                        const float v = load_activation(scratch, tile_bytes, in_tile, l);
                        sum += v;
                        low = v < low ? v : low;
                        high = v > high ? v : high;
                    }
                    const float mean = sum / static_cast<float>(seq_len);
                    float squares = 0.0f;
                    for (uint32_t l = 0; l < seq_len; ++l) {
                        const float d = load_activation(scratch, tile_bytes, in_tile, l) - mean;
                        squares += d * d;
                    }
                    const float std = molegen::sqrt_nonnegative(squares / static_cast<float>(seq_len));
                    store_feature(out, r, c, mean);
                    store_feature(out, r, layout.channels + c, std);
                    store_feature(out, r, 2 * layout.channels + c, low);
                    store_feature(out, r, 3 * layout.channels + c, high);
                }
                store_feature(out, r, 4 * layout.channels, 1.0f);  // the constant-1 bias column
            }
            cb_push_back(cb_features, feature_tiles);
#else
            molegen::read_block(features, cb_features, batch_row * feature_tiles, feature_tiles, 1);
#endif
            for (uint32_t h = share.first(); h < share.last(); ++h) {
                molegen::read_block(w0, cb_w0, h, feature_tiles, hidden_tiles);
            }
            if (share.shared()) {
                share.close(cb_hidden, hidden_tiles);
            }
        }
        for (uint32_t h0 = 0; h0 < hidden_tiles; h0 += w2_block) {
            const uint32_t block = hidden_tiles - h0 < w2_block ? hidden_tiles - h0 : w2_block;
            molegen::read_block(w2, cb_w2, h0 * logit_tiles + col, block, logit_tiles);
        }
    }

#if defined(REVIN) && !defined(STATS_FIRST)
    read_statistics_rows();
#endif

#if defined(PER_ROW_LOGITS)
    // Per row: the inputs of the row's own logits — its series' features and the layer-1 weights, then for
    // each logit tile the row needs its layer-2 weight column, the row's channel mask for that tile and the
    // tile's expert selection.
    uint32_t mask_slot = 0;
    for (uint32_t row = 0; row < row_begin; ++row) {
        mask_slot += molegen::LogitTiles(layout, row, experts, channel_stride, expert_stride).count();
    }
    // Reads share barriers: the features with the first layer-1 column, and each logit tile's mask and
    // selection with its last layer-2 block — with ROW_READS_BATCHED (the buffers hold a whole row's) the features
    // with every layer-1 column, and every logit tile's mask, selection and layer-2 column under one more.
    for (uint32_t row = row_begin; row < row_end; ++row) {
        const molegen::LogitTiles needed(layout, row, experts, channel_stride, expert_stride);
#if defined(ROW_READS_BATCHED)
        // Pages land in the order compute takes them: layer-1 column h (its feature_tiles tiles), then per logit
        // tile its mask, its selection and its layer-2 column (hidden tile by hidden tile).
        molegen::issue_block(features, cb_features, row * feature_tiles, feature_tiles, 1);
        cb_reserve_back(cb_w0, hidden_tiles * feature_tiles);
        uint32_t w0_addr = get_write_ptr(cb_w0);
        for (uint32_t h = 0; h < hidden_tiles; ++h) {
            for (uint32_t f = 0; f < feature_tiles; ++f) {
                noc_async_read_tile(f * hidden_tiles + h, w0, w0_addr);
                w0_addr += get_tile_size(cb_w0);
            }
        }
        noc_async_read_barrier();
        cb_push_back(cb_features, feature_tiles);
        cb_push_back(cb_w0, hidden_tiles * feature_tiles);
        const uint32_t count = needed.count();
        cb_reserve_back(cb_gather_mask, count);
        cb_reserve_back(cb_gather_select, count);
        cb_reserve_back(cb_w2, count * hidden_tiles);
        uint32_t mask_addr = get_write_ptr(cb_gather_mask);
        uint32_t select_addr = get_write_ptr(cb_gather_select);
        uint32_t w2_addr = get_write_ptr(cb_w2);
        needed.for_each([&](uint32_t col) {
            noc_async_read_tile(mask_slot++, gather_masks, mask_addr);
            mask_addr += get_tile_size(cb_gather_mask);
            noc_async_read_tile(col, gather_selects, select_addr);
            select_addr += get_tile_size(cb_gather_select);
            for (uint32_t h = 0; h < hidden_tiles; ++h) {
                noc_async_read_tile(h * logit_tiles + col, w2, w2_addr);
                w2_addr += get_tile_size(cb_w2);
            }
        });
        noc_async_read_barrier();
        cb_push_back(cb_gather_mask, count);
        cb_push_back(cb_gather_select, count);
        cb_push_back(cb_w2, count * hidden_tiles);
#else
        molegen::issue_block(features, cb_features, row * feature_tiles, feature_tiles, 1);
        for (uint32_t h = 0; h < hidden_tiles; ++h) {
            molegen::issue_block(w0, cb_w0, h, feature_tiles, hidden_tiles);
            noc_async_read_barrier();
            if (h == 0) {
                cb_push_back(cb_features, feature_tiles);
            }
            cb_push_back(cb_w0, feature_tiles);
        }
        needed.for_each([&](uint32_t col) {
            molegen::issue_block(gather_masks, cb_gather_mask, mask_slot++, 1, 1);
            molegen::issue_block(gather_selects, cb_gather_select, col, 1, 1);
            for (uint32_t h0 = 0; h0 < hidden_tiles; h0 += w2_block) {
                const uint32_t block = hidden_tiles - h0 < w2_block ? hidden_tiles - h0 : w2_block;
                molegen::read_block(w2, cb_w2, h0 * logit_tiles + col, block, logit_tiles);
            }
            cb_push_back(cb_gather_mask, 1);
            cb_push_back(cb_gather_select, 1);
        });
#endif
    }
#elif defined(GATES_PIPELINED)
    // No phase 2: the writer gathers each gates row from this core's own logit tiles as compute packs them.
    (void)logits;
    (void)consts;
    (void)logits_ready_id;
    (void)row_begin;
    (void)row_end;
    (void)experts;
    (void)channel_stride;
    (void)expert_stride;
    (void)layout;
#else
    // Phase 2: wait until every router core's logits are in DRAM.
    molegen::wait_and_clear(get_semaphore(logits_ready_id), 1);

    for (uint32_t row = row_begin; row < row_end; ++row) {
        cb_reserve_back(cb_zrow, 1);
        const uint32_t zrow_addr = get_write_ptr(cb_zrow);
        // A page's first use starts from the template; compute never writes this buffer, so later rows
        // only overwrite the expert columns.
        if (row - row_begin < 2) {
            noc_async_read_tile(molegen::router_cbs::kZrowTemplate, consts, zrow_addr);
        }
#if defined(GATHER_BY_NOC)
        // One NoC read per series from the logits tensor (16 bytes aligned in L1, 32 or 64 in DRAM: the planner checks).
        const uint32_t batch_tile = layout.batch_tile_of(row);
        molegen::gather_logits_by_noc(zrow_addr, experts, [&](uint32_t r, uint64_t& from) {
            uint32_t b = 0;
            uint32_t c = 0;
            if (!layout.series_at(row * molegen::kTileDim + r, b, c)) {
                return false;
            }
            const uint32_t column = c * channel_stride;
            const uint32_t page = batch_tile * logit_tiles + column / molegen::kTileDim;
            const uint32_t offset = molegen::tile_element_offset(b % molegen::kTileDim, column % molegen::kTileDim) * sizeof(float);
            from = logits.get_noc_addr(page, offset);
            return true;
        });
        (void)expert_stride;
#else
        volatile tt_l1_ptr float* z = reinterpret_cast<volatile tt_l1_ptr float*>(zrow_addr);
        // The row's logit tiles, in one block.
        const uint32_t logit_bytes = get_tile_size(cb_logit_scratch);
        const molegen::LogitTiles needed(layout, row, experts, channel_stride, expert_stride);
        const uint32_t batch_tile = layout.batch_tile_of(row);
        cb_reserve_back(cb_logit_scratch, needed.count());
        const uint32_t scratch = get_write_ptr(cb_logit_scratch);
        uint32_t slot = 0;
        // A row of at most kSampleRowReadsUpTo samples reads only those samples' rows of each tile (two
        // 16-value face rows each), the only elements the gather below looks at; otherwise whole tiles.
        const uint32_t first_sample = needed.first_sample();
        const uint32_t last_sample = needed.last_sample();
        const bool sample_rows = last_sample - first_sample < molegen::router_cbs::kSampleRowReadsUpTo;
        needed.for_each([&](uint32_t col) {
            const uint32_t page = batch_tile * logit_tiles + col;
            const uint32_t tile_addr = scratch + slot * logit_bytes;
            if (sample_rows) {
                for (uint32_t b = first_sample; b <= last_sample; ++b) {
                    for (uint32_t face_col = 0; face_col < molegen::kTileDim; face_col += molegen::kFaceDim) {
                        const uint32_t offset = molegen::tile_element_offset(b % molegen::kTileDim, face_col) * sizeof(float);
                        noc_async_read(logits.get_noc_addr(page, offset), tile_addr + offset, molegen::kFaceDim * sizeof(float));
                    }
                }
            } else {
                noc_async_read_tile(page, logits, tile_addr);
            }
            ++slot;
        });
        noc_async_read_barrier();
        for (uint32_t r = 0; r < molegen::kTileDim; ++r) {
            uint32_t b = 0;
            uint32_t c = 0;
            const bool valid = layout.series_at(row * molegen::kTileDim + r, b, c);
            for (uint32_t k = 0; k < experts; ++k) {
                float value = 0.0f;  // padding series
                if (valid) {
                    const uint32_t column = c * channel_stride + k * expert_stride;
                    const uint32_t source = needed.slot_of(column / molegen::kTileDim);
                    value = reinterpret_cast<volatile tt_l1_ptr float*>(scratch + source * logit_bytes)
                        [molegen::tile_element_offset(b % molegen::kTileDim, column % molegen::kTileDim)];
                }
                z[molegen::tile_element_offset(r, k)] = value;
            }
        }
#endif
        cb_push_back(cb_zrow, 1);
    }
#endif

}
