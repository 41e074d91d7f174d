// Reads a block of tile pages from a tensor into a circular buffer with one read barrier:
// pages first_page, first_page + stride, ... (count of them), pushed together. Shared by the
// readers of both programs; include after the dataflow API.
#pragma once

#include <cstdint>

namespace molegen {

// Reserves `count` pages of `cb` and issues their reads, without waiting: several blocks can share one
// barrier, after which each is pushed.
template <typename Accessor>
void issue_block(const Accessor& tensor, uint32_t cb, uint32_t first_page, uint32_t count, uint32_t stride) {
    cb_reserve_back(cb, count);
    uint32_t l1_addr = get_write_ptr(cb);
    for (uint32_t i = 0; i < count; ++i) {
        noc_async_read_tile(first_page + i * stride, tensor, l1_addr);
        l1_addr += get_tile_size(cb);
    }
}

template <typename Accessor>
void read_block(const Accessor& tensor, uint32_t cb, uint32_t first_page, uint32_t count, uint32_t stride) {
    issue_block(tensor, cb, first_page, count, stride);
    noc_async_read_barrier();
    cb_push_back(cb, count);
}

}  // namespace molegen
