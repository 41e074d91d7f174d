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
};

}  // namespace molegen
