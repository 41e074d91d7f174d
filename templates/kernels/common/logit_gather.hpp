// One gates row's [series × expert] gather tile by NoC reads — the shared-logits reader's GATHER_BY_NOC (from the
// logits tensor) and the pipelined writer's (GATES_PIPELINED, from the core's own logit tile). Expert stride 1 and
// K ∈ {4, 8, 16}: a series' K fp32 logits lie side by side in one 16-value face row of a logit tile, at an offset a
// NoC read may start from (the planner checks), as do columns 0..K−1 of its row of the gather tile, so one read per
// series moves them straight into place, no scalar copy. Data movement only; include after the dataflow API.
#pragma once

#include <cstdint>

#include "tile_math.hpp"

namespace molegen {

// Gathers into the gather tile at `zrow_addr`: `source(r, from)` sets the NoC address of series r's logits and
// returns true, or returns false for a padding series, whose expert columns are zeroed. Reads already issued into
// the page (its template, on the page's first use) land first — they would otherwise race the gather's reads.
template <typename Source>
void gather_logits_by_noc(uint32_t zrow_addr, uint32_t experts, Source source) {
    noc_async_read_barrier();
    for (uint32_t r = 0; r < kTileDim; ++r) {
        const uint32_t destination = zrow_addr + tile_element_offset(r, 0) * sizeof(float);
        uint64_t from = 0;
        if (source(r, from)) {
            noc_async_read(from, destination, experts * sizeof(float));
        } else {
            volatile tt_l1_ptr float* z = reinterpret_cast<volatile tt_l1_ptr float*>(destination);
            for (uint32_t k = 0; k < experts; ++k) {
                z[k] = 0.0f;  // padding series
            }
        }
    }
    noc_async_read_barrier();
}

}  // namespace molegen
