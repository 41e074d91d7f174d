// The hidden-row exchange of the router's shared logits, for its reader and writer. The router cores whose
// logit tiles lie in the same batch row (a group: consecutive router cores, see
// generator/passes/split-router-logits.ts) need the same hidden row relu(features · W0); instead of each
// reading all of layer 1, each member computes the hidden tiles [first, last) of an equal split and writes
// them into every member's cb_hidden, at the slots they have there (a program's circular buffer has one
// address on all of its cores; a group's core has one batch row, so its cb_hidden is filled once, from its start).
// Handshake, per forward: a member's reader, once it has reserved cb_hidden, bumps `ready` on the other
// members (no one writes into a buffer still in use); a member's writer sends its tiles after every other
// member is ready, then bumps `filled` on every member, itself included; a reader pushes cb_hidden when
// `filled` reaches the member count. A core outside any group (members = 1) computes every hidden tile
// itself and exchanges nothing. Moves data and semaphores only.
#pragma once

#include <cstdint>

#include "semaphore.hpp"

namespace molegen {

class HiddenShare {
public:
    // Runtime args from `arg`: the ready and filled semaphore ids, this core's index in its group, the member
    // count, then each member's NoC (x, y).
    HiddenShare(uint32_t arg, uint32_t hidden_tiles) {
        ready_ = get_semaphore(get_arg_val<uint32_t>(arg++));
        filled_ = get_semaphore(get_arg_val<uint32_t>(arg++));
        index_ = get_arg_val<uint32_t>(arg++);
        count_ = get_arg_val<uint32_t>(arg++);
        list_ = arg;
        first_ = hidden_tiles * index_ / count_;
        last_ = hidden_tiles * (index_ + 1) / count_;
    }

    bool shared() const { return count_ > 1; }
    // The hidden tiles this core computes: [first, last).
    uint32_t first() const { return first_; }
    uint32_t last() const { return last_; }

    // Reader, at its batch row: reserves the whole hidden row and tells the other members they may fill it.
    void open(uint32_t cb_hidden, uint32_t hidden_tiles) const {
        cb_reserve_back(cb_hidden, hidden_tiles);
        for (uint32_t i = 0; i < count_; ++i) {
            if (i != index_) {
                noc_semaphore_inc(get_noc_addr(member_x(i), member_y(i), ready_), 1);
            }
        }
        noc_async_atomic_barrier();
    }

    // Reader: waits for every member's tiles, then hands the hidden row to compute.
    void close(uint32_t cb_hidden, uint32_t hidden_tiles) const {
        molegen::wait_and_clear(filled_, count_);
        cb_push_back(cb_hidden, hidden_tiles);
    }

    // Writer: this core's hidden tiles, one page of `cb_parts` each as compute packs them, into slot h of
    // every member's cb_hidden.
    void send(uint32_t cb_parts, uint32_t cb_hidden) const {
        molegen::wait_and_clear(ready_, count_ - 1);
        const uint32_t tile_bytes = get_tile_size(cb_hidden);
        const uint32_t hidden_base = get_write_ptr(cb_hidden);
        for (uint32_t h = first_; h < last_; ++h) {
            cb_wait_front(cb_parts, 1);
            const uint32_t tile = get_read_ptr(cb_parts);
            for (uint32_t i = 0; i < count_; ++i) {
                noc_async_write(tile, get_noc_addr(member_x(i), member_y(i), hidden_base + h * tile_bytes), tile_bytes);
            }
            noc_async_writes_flushed();
            cb_pop_front(cb_parts, 1);
        }
        noc_async_write_barrier();
        for (uint32_t i = 0; i < count_; ++i) {
            noc_semaphore_inc(get_noc_addr(member_x(i), member_y(i), filled_), 1);
        }
        noc_async_atomic_barrier();
    }

private:
    uint32_t member_x(uint32_t i) const { return get_arg_val<uint32_t>(list_ + 2 * i); }
    uint32_t member_y(uint32_t i) const { return get_arg_val<uint32_t>(list_ + 2 * i + 1); }


    uint32_t ready_ = 0;
    uint32_t filled_ = 0;
    uint32_t index_ = 0;
    uint32_t count_ = 1;
    uint32_t list_ = 0;
    uint32_t first_ = 0;
    uint32_t last_ = 0;
};

}  // namespace molegen
