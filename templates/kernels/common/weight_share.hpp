// The weight-column exchange of WEIGHTS_SHARED, for the experts reader and writer. The cores that compute
// the same horizon columns (a column group) need the same weight tiles — K·Lt expert tile rows and the mixture
// rows (bias; with REVIN_FOLDED also the column sums), tile (r, j) at slot r·cols + j − col_begin of cb_weights. Each member owns a slice of the slots, reads it
// from DRAM once and writes into every other member's cb_weights, at the same L1 address (a program's buffer
// has one address on all of its cores), the part of it that member uses: the tile rows of its experts, and the
// mixture rows if it mixes (with expert groups a helper uses only its experts' rows; otherwise a member uses all). A member's slice is split between its two data-movement
// RISC-Vs, each on its own NoC: the reader moves the first half, the writer the second. With SHARE_MULTICAST (the
// group's cores fill a rectangle) a mover writes its half to the whole group with one multicast, itself included
// (the same bytes at the same address), instead of one write per member — with expert helpers every member then
// receives every slot (its buffer holds them all) and uses its own rows.
// Handshake, per forward: every reader bumps `ready` on the group's other cores and waits for theirs (no one
// writes into a core before its program runs), then releases its own writer through `go`; after its
// writes, every mover bumps `filled` on the other members, and the writer also on its own core, so a reader
// knows its buffer is complete at 2·(members − 1) + 1. Moves data and semaphores only.
#pragma once

#include <cstdint>

#include "semaphore.hpp"

namespace molegen {

class WeightShare {
public:
    // Runtime args from `arg`: cols, col_begin, horizon tiles, weight-set tile rows, the ready/filled/go
    // semaphore ids, then this core's index in its group, the member count, the NoC corners of the group's
    // bounding box (x, y of the first and of the last core) and per member its NoC (x, y), the expert tile rows it
    // uses [row_begin, row_end) and how many of the set's last rows (the mixture rows) it uses.
    WeightShare(uint32_t arg, uint32_t cb) : cb_(cb) {
        cols_ = get_arg_val<uint32_t>(arg++);
        col_begin_ = get_arg_val<uint32_t>(arg++);
        horizon_tiles_ = get_arg_val<uint32_t>(arg++);
        const uint32_t set_rows = get_arg_val<uint32_t>(arg++);
        set_rows_ = set_rows;
        ready_ = get_semaphore(get_arg_val<uint32_t>(arg++));
        filled_ = get_semaphore(get_arg_val<uint32_t>(arg++));
        go_ = get_semaphore(get_arg_val<uint32_t>(arg++));
        index_ = get_arg_val<uint32_t>(arg++);
        count_ = get_arg_val<uint32_t>(arg++);
        first_x_ = get_arg_val<uint32_t>(arg++);
        first_y_ = get_arg_val<uint32_t>(arg++);
        last_x_ = get_arg_val<uint32_t>(arg++);
        last_y_ = get_arg_val<uint32_t>(arg++);
        list_ = arg;
        tiles_ = set_rows * cols_;
        const uint32_t first = tiles_ * index_ / count_;
        const uint32_t last = tiles_ * (index_ + 1) / count_;
        middle_ = first + (last - first) / 2;
        first_ = first;
        last_ = last;
    }

    // Tiles of the whole buffer (every member's slices).
    uint32_t tiles() const { return tiles_; }

    // The reader's half: [first, middle). `base` is cb_weights' write pointer after reserving tiles().
    template <typename Accessor>
    void reader_part(const Accessor& weights, uint32_t base) const {
        issue_reads(weights, base, first_, middle_);
        for_each_peer([&](uint32_t x, uint32_t y) { noc_semaphore_inc(get_noc_addr(x, y, ready_), 1); });
        molegen::wait_and_clear(ready_, count_ - 1);
        *reinterpret_cast<volatile tt_l1_ptr uint32_t*>(go_) = 1;
        noc_async_read_barrier();
        send(base, first_, middle_);
        molegen::wait_and_clear(filled_, 2 * (count_ - 1) + 1);
    }

    // The writer's half: [middle, last), sent once the reader has seen every member running.
    template <typename Accessor>
    void writer_part(const Accessor& weights, uint32_t base) const {
        issue_reads(weights, base, middle_, last_);
        noc_async_read_barrier();
        molegen::wait_and_clear(go_, 1);
        send(base, middle_, last_);
        noc_semaphore_inc(get_noc_addr(member_x(index_), member_y(index_), filled_), 1);
        noc_async_atomic_barrier();
    }

private:
    static constexpr uint32_t kMemberArgs = 5;
    uint32_t member_arg(uint32_t i, uint32_t field) const { return get_arg_val<uint32_t>(list_ + kMemberArgs * i + field); }
    uint32_t member_x(uint32_t i) const { return member_arg(i, 0); }
    uint32_t member_y(uint32_t i) const { return member_arg(i, 1); }

    template <typename Body>
    void for_each_peer(Body body) const {
        for (uint32_t i = 0; i < count_; ++i) {
            if (i != index_) {
                body(member_x(i), member_y(i));
            }
        }
    }

    // Writes the slots of [first, last) that lie in [use_first, use_last) to the same slots on core (x, y).
    void write_used(uint32_t base, uint32_t first, uint32_t last, uint32_t use_first, uint32_t use_last, uint32_t x, uint32_t y) const {
        const uint32_t from = first > use_first ? first : use_first;
        const uint32_t to = last < use_last ? last : use_last;
        if (to > from) {
            const uint32_t tile_bytes = get_tile_size(cb_);
            noc_async_write(base + from * tile_bytes, get_noc_addr(x, y, base + from * tile_bytes), (to - from) * tile_bytes);
        }
    }

    template <typename Accessor>
    void issue_reads(const Accessor& weights, uint32_t base, uint32_t first, uint32_t last) const {
        const uint32_t tile_bytes = get_tile_size(cb_);
        for (uint32_t slot = first; slot < last; ++slot) {
            noc_async_read_tile((slot / cols_) * horizon_tiles_ + col_begin_ + slot % cols_, weights, base + slot * tile_bytes);
        }
    }

    // Writes of slots [first, last) what each other member uses (its expert rows, its mixture rows), then bumps
    // every other member's `filled`.
    void send(uint32_t base, uint32_t first, uint32_t last) const {
#if defined(SHARE_MULTICAST)
        if (last > first && count_ > 1) {
            const uint32_t tile_bytes = get_tile_size(cb_);
            const uint32_t l1_addr = base + first * tile_bytes;
            // A multicast rectangle runs from its start corner in the NoC's direction: NoC 1 runs the other way.
            const uint64_t group = noc_index == 0 ? get_noc_multicast_addr(first_x_, first_y_, last_x_, last_y_, l1_addr)
                                                  : get_noc_multicast_addr(last_x_, last_y_, first_x_, first_y_, l1_addr);
            noc_async_write_multicast_loopback_src(l1_addr, group, (last - first) * tile_bytes, count_);
            noc_async_write_barrier();
        }
#else
        if (last > first) {
            for (uint32_t i = 0; i < count_; ++i) {
                if (i == index_) {
                    continue;
                }
                const uint32_t x = member_x(i);
                const uint32_t y = member_y(i);
                write_used(base, first, last, member_arg(i, 2) * cols_, member_arg(i, 3) * cols_, x, y);
                if (member_arg(i, 4) != 0) {
                    write_used(base, first, last, (set_rows_ - member_arg(i, 4)) * cols_, set_rows_ * cols_, x, y);
                }
            }
            noc_async_write_barrier();
        }
#endif
        for_each_peer([&](uint32_t x, uint32_t y) { noc_semaphore_inc(get_noc_addr(x, y, filled_), 1); });
        noc_async_atomic_barrier();
    }


    uint32_t cb_;
    uint32_t cols_ = 0;
    uint32_t col_begin_ = 0;
    uint32_t horizon_tiles_ = 0;
    uint32_t set_rows_ = 0;
    uint32_t ready_ = 0;
    uint32_t filled_ = 0;
    uint32_t go_ = 0;
    uint32_t index_ = 0;
    uint32_t count_ = 1;
    uint32_t first_x_ = 0;
    uint32_t first_y_ = 0;
    uint32_t last_x_ = 0;
    uint32_t last_y_ = 0;
    uint32_t list_ = 0;
    uint32_t tiles_ = 0;
    uint32_t first_ = 0;
    uint32_t middle_ = 0;
    uint32_t last_ = 0;
};

}  // namespace molegen
