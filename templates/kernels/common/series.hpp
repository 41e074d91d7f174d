// Where a series (sample b, channel c) lives in the [series × time] activation matrices. Two row
// layouts exist: sample-major (row b·C + c, rows of one tile mix channels) and, for per-channel
// expert weights, channel-major with each channel padded to whole tiles (row c·Bp + b), so that
// every tile row belongs to one channel.
#pragma once

#include <cstdint>

namespace molegen {

struct SeriesLayout {
    uint32_t channels;          // C
    uint32_t batch;             // B
    uint32_t rows_per_channel;  // Bp, a multiple of 32, when channel-major; 0 when sample-major

    bool channel_major() const { return rows_per_channel != 0; }

    // Row of series (b, c).
    uint32_t row_of(uint32_t b, uint32_t c) const {
        return channel_major() ? c * rows_per_channel + b : b * channels + c;
    }

    // Series at matrix row `row`; false for padding rows.
    bool series_at(uint32_t row, uint32_t& b, uint32_t& c) const {
        if (channel_major()) {
            c = row / rows_per_channel;
            b = row % rows_per_channel;
            return c < channels && b < batch;
        }
        b = row / channels;
        c = row % channels;
        return b < batch;
    }

    // Tile row of the router (32 samples) whose samples the series-tile row `row` holds. In both
    // layouts every series-tile row lies inside one batch-tile row.
    uint32_t batch_tile_of(uint32_t row) const {
        if (channel_major()) {
            return row % (rows_per_channel / 32);
        }
        return row / channels;
    }
};

// GATES_PIPELINED (expert stride 1, channel stride K, K ∈ {4, 8, 16}): the channels [first, end) whose K logits lie in
// logit column tile `column` — each channel's all in that one tile.
struct TileChannels {
    uint32_t first;
    uint32_t end;
};

inline TileChannels channels_of_logit_tile(uint32_t column, uint32_t experts, uint32_t channels) {
    const uint32_t per_tile = 32 / experts;
    const uint32_t first = column * per_tile;
    const uint32_t end = first + per_tile < channels ? first + per_tile : channels;
    return {first, end > first ? end : first};
}

// The router logit tiles (columns of the [batch × K·C] logits) the series of one series-tile row
// need: for each expert k, the columns c·channel_stride + k·expert_stride of the row's channels. The
// row's channels are one range, or two when the row wraps from one sample to the next (all channels
// when it spans more). Ranges of tiles are merged, so every needed tile is visited once, in order.
class LogitTiles {
public:
    static constexpr uint32_t kMaxRanges = 64;

    LogitTiles(const SeriesLayout& layout, uint32_t row, uint32_t experts, uint32_t channel_stride,
               uint32_t expert_stride) {
        uint32_t lo[2] = {0, 0};
        uint32_t hi[2] = {0, 0};
        uint32_t channel_ranges = 0;
        uint32_t b_first = 0, c_first = 0, b_last = 0, c_last = 0;
        bool any = false;
        for (uint32_t r = 0; r < 32; ++r) {
            uint32_t b = 0, c = 0;
            if (!layout.series_at(row * 32 + r, b, c)) {
                continue;
            }
            if (!any) {
                b_first = b;
                c_first = c;
                any = true;
            }
            b_last = b;
            c_last = c;
        }
        first_sample_ = b_first;
        last_sample_ = b_last;
        if (any) {
            if (b_first == b_last) {
                lo[0] = c_first;
                hi[0] = c_last;
                channel_ranges = 1;
            } else if (b_last == b_first + 1 && c_last < c_first) {
                lo[0] = c_first;
                hi[0] = layout.channels - 1;
                lo[1] = 0;
                hi[1] = c_last;
                channel_ranges = 2;
            } else {
                lo[0] = 0;
                hi[0] = layout.channels - 1;
                channel_ranges = 1;
            }
        }
        for (uint32_t i = 0; i < channel_ranges; ++i) {
            for (uint32_t k = 0; k < experts; ++k) {
                add((lo[i] * channel_stride + k * expert_stride) / 32, (hi[i] * channel_stride + k * expert_stride) / 32);
            }
        }
    }

    // The samples the row's series belong to: [first_sample, last_sample] (one sample for an all-padding row).
    uint32_t first_sample() const { return first_sample_; }
    uint32_t last_sample() const { return last_sample_; }

    uint32_t count() const {
        uint32_t total = 0;
        for (uint32_t i = 0; i < ranges_; ++i) total += last_[i] - first_[i] + 1;
        return total;
    }

    // Position of needed tile `tile` in the visiting order.
    uint32_t slot_of(uint32_t tile) const {
        uint32_t slot = 0;
        for (uint32_t i = 0; i < ranges_; ++i) {
            if (tile <= last_[i]) {
                return slot + (tile - first_[i]);
            }
            slot += last_[i] - first_[i] + 1;
        }
        return slot;
    }

    // Calls visit(tile) for every needed tile, in increasing order.
    template <typename Visit>
    void for_each(Visit visit) const {
        for (uint32_t i = 0; i < ranges_; ++i) {
            for (uint32_t t = first_[i]; t <= last_[i]; ++t) visit(t);
        }
    }

private:
    // Inserts [first, last] keeping the ranges sorted and disjoint (overlapping or adjacent ones merge).
    void add(uint32_t first, uint32_t last) {
        uint32_t i = 0;
        while (i < ranges_ && last_[i] + 1 < first) ++i;
        if (i < ranges_ && first_[i] <= last + 1) {
            first_[i] = first < first_[i] ? first : first_[i];
            last_[i] = last > last_[i] ? last : last_[i];
            uint32_t j = i + 1;
            while (j < ranges_ && first_[j] <= last_[i] + 1) {
                last_[i] = last_[j] > last_[i] ? last_[j] : last_[i];
                ++j;
            }
            const uint32_t removed = j - (i + 1);
            for (uint32_t m = i + 1; m + removed < ranges_; ++m) {
                first_[m] = first_[m + removed];
                last_[m] = last_[m + removed];
            }
            ranges_ -= removed;
            return;
        }
        for (uint32_t m = ranges_; m > i; --m) {
            first_[m] = first_[m - 1];
            last_[m] = last_[m - 1];
        }
        first_[i] = first;
        last_[i] = last;
        ++ranges_;
    }

    uint32_t first_[kMaxRanges] = {};
    uint32_t last_[kMaxRanges] = {};
    uint32_t ranges_ = 0;
    uint32_t first_sample_ = 0;
    uint32_t last_sample_ = 0;
};

}  // namespace molegen
