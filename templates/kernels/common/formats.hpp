// The circular buffers whose data formats the unpackers (srcA, srcB) and the packer are set up for. At the pinned
// tt-metal only the full inits (mm_init, init_bcast, ...) and the reconfig calls set data formats — the short
// inits between ops keep them — so an op that reads or writes a CB of another format than the last one must
// reconfigure first, or the hardware reads or writes the tile in the wrong format. Kernels call unpack()/pack()
// before every op; a call with other CBs issues tt-metal's old/new reconfig, which itself does nothing when the two
// CBs have the same format. A kernel keeps one of these in its locals (kernel globals are shared by every core
// that runs the binary in the emulator). Include after the compute kernel API.
#pragma once

#include <cstdint>

namespace molegen {

class Formats {
public:
    // What the kernel's full init set up (mm_init(in0, in1, out) unpacks in1 into srcA and in0 into srcB).
    Formats(uint32_t srca, uint32_t srcb, uint32_t pack) : srca_(srca), srcb_(srcb), pack_(pack) {}

    // Before an op that unpacks `a` into srcA and `b` into srcB. A matmul_tiles(in0, in1) unpacks in1 into srcA
    // and in0 into srcB; an element-wise or broadcast op, a reduction (input, scaler) its first operand into srcA.
    void unpack(uint32_t a, uint32_t b) {
        if (a != srca_ && b != srcb_) {
            reconfig_data_format(srca_, a, srcb_, b);
        } else if (a != srca_) {
            reconfig_data_format_srca(srca_, a);
        } else if (b != srcb_) {
            reconfig_data_format_srcb(srcb_, b);
        }
        srca_ = a;
        srcb_ = b;
    }
    // Before an op that unpacks only into srcA (copy_tile, transpose_wh_tile; binary_dest_reuse_tiles with
    // DEST_TO_SRCB) or only into srcB (binary_dest_reuse_tiles with DEST_TO_SRCA).
    void unpack_a(uint32_t a) { unpack(a, srcb_); }
    void unpack_b(uint32_t b) { unpack(srca_, b); }
    // Before a pack_tile into `cb`.
    void pack(uint32_t cb) {
        if (cb != pack_) pack_reconfig_data_format(pack_, cb);
        pack_ = cb;
    }
    // After a full init that set all three (e.g. init_bcast(a, b, out)).
    void set_by_full_init(uint32_t a, uint32_t b, uint32_t out) {
        srca_ = a;
        srcb_ = b;
        pack_ = out;
    }

private:
    uint32_t srca_;
    uint32_t srcb_;
    uint32_t pack_;
};

// Hands DST tile 0 to the packer and appends it to `cb` as one page, the packer set up for cb's format first.
inline void pack_to(Formats& formats, uint32_t cb) {
    tile_regs_commit();
    tile_regs_wait();
    cb_reserve_back(cb, 1);
    formats.pack(cb);
    pack_tile(0, cb);
    cb_push_back(cb, 1);
    tile_regs_release();
}

}  // namespace molegen
