// Entry points of the emulator's Tensix compute engine (defined in the TT::Metalium library,
// src/compute/engine.cpp). The compute_kernel_api/*.h headers are thin inline wrappers over these.
// Kernels should not call this header directly; it must stay free of policy (no math here).
#pragma once

#include <cstdint>

#pragma GCC visibility push(default)
namespace emu::compute {

enum class BinaryOp : uint8_t { Add, Sub, Mul, Max, Min, Div, Rsub };  // Max/Min/Div/Rsub: SFPU DST-DST ops only
enum class Broadcast : uint8_t { None, Col, Row, Scalar };
enum class DestReuse : uint8_t { None, ToSrcA, ToSrcB };
enum class ReducePool : uint8_t { Sum, Avg, Max };
enum class ReduceAxis : uint8_t { Row, Col, Scalar };
enum class UnaryOp : uint8_t {
    Exp, Recip, Relu, Sqrt, Rsqrt, Sigmoid, Tanh, Log, Abs, Square, Negative, Silu, Gelu,
    AddScalar, SubScalar, MulScalar, DivScalar, RsubScalar, ReluMax, ReluMin, LeakyRelu,
    Eqz, Nez, Ltz, Gtz, Lez, Gez
};

// For Exp, Recip, Sqrt, Rsqrt and Sigmoid the param word of unary_tile carries the template arguments: these
// flags in the low bits and, for Exp with scale_en, the bf16 scale in the high 16 bits.
namespace sfpu_flag {
constexpr uint32_t approx = 1u << 0;               // APPROX (math_approx_mode) or exp_tile's `approx`
constexpr uint32_t fast_approx = 1u << 1;          // exp_tile's fast_and_approx, sqrt/rsqrt_tile's FAST_APPROX
constexpr uint32_t scale_en = 1u << 2;             // exp_tile's scale_en
constexpr uint32_t skip_positive_check = 1u << 3;  // exp_tile's skip_positive_check
constexpr uint32_t legacy_compat = 1u << 4;        // recip_tile's / rsqrt_tile's legacy_compat
}  // namespace sfpu_flag

// The vector_mode argument of the SFPU calls that take one (the values of tt-metal's VectorMode): which faces of
// the DST tile the function runs on.
namespace sfpu_vector_mode {
constexpr int R = 1;   // faces 0 and 1 (rows 0-15)
constexpr int C = 2;   // faces 0 and 2 (columns 0-15)
constexpr int RC = 4;  // all four faces
}  // namespace sfpu_vector_mode

// DST register protocol.
void tile_regs_acquire();
void tile_regs_commit();
void tile_regs_wait();
void tile_regs_release();

// The data formats the two unpackers (srcA, srcB) and the packer are set up for: on hardware each reads or writes
// tiles in the format it was configured with, whatever the CB holds. At the pinned tt-metal only the full inits
// (mm_init, binary_op_init_common, unary_op_init_common, init_bcast, transpose_wh_init, compute_kernel_hw_startup,
// ...) and the reconfig calls (reconfig_data_format*, pack_reconfig_data_format, *_with_dt) set them; the
// *_init_short calls and reduce_init keep what was set. Unpacking or packing a CB of another format faults.
enum class FormatSlot : uint8_t { SrcA, SrcB, Pack };
void configure_format(FormatSlot slot, uint32_t cb, const char* api_name);
// What a full init sets: srcA from `srca_cb`, srcB from `srcb_cb`, the packer from `pack_cb`.
inline void configure_formats(uint32_t srca_cb, uint32_t srcb_cb, uint32_t pack_cb, const char* api_name) {
    configure_format(FormatSlot::SrcA, srca_cb, api_name);
    configure_format(FormatSlot::SrcB, srcb_cb, api_name);
    configure_format(FormatSlot::Pack, pack_cb, api_name);
}
// Unpacker/math state set by the *_init calls.
void set_matmul_transpose(bool transpose_b);
void set_copy_transpose(bool transpose_tile);
void set_binary_accumulate(bool acc_to_dest);

// Math.
void matmul_tiles(uint32_t in0_cb, uint32_t in1_cb, uint32_t in0_tile, uint32_t in1_tile, uint32_t dst_tile);
void matmul_block(uint32_t in0_cb, uint32_t in1_cb, uint32_t in0_tile, uint32_t in1_tile, uint32_t dst_tile,
                  bool transpose_b, uint32_t ct_dim, uint32_t rt_dim, uint32_t kt_dim);
void copy_tile(uint32_t in_cb, uint32_t in_tile, uint32_t dst_tile);
void binary_tiles(BinaryOp op, Broadcast broadcast, uint32_t in0_cb, uint32_t in1_cb, uint32_t in0_tile,
                  uint32_t in1_tile, uint32_t dst_tile, const char* api_name);
void binary_dest_reuse(BinaryOp op, DestReuse reuse, uint32_t in_cb, uint32_t in_tile, uint32_t dst_tile);
void reduce_tile(ReducePool pool, ReduceAxis axis, uint32_t in_cb, uint32_t scaler_cb, uint32_t in_tile,
                 uint32_t scaler_tile, uint32_t dst_tile);
// `iterations` per face, as tt-llk's SFPU functions take them: each covers a group of 4 rows of the face, even
// columns then odd (8 cover the face; exp_tile's template argument can ask for fewer).
void unary_tile(UnaryOp op, uint32_t dst_tile, uint32_t param_bits, const char* api_name,
                int vector_mode = sfpu_vector_mode::RC, int iterations = 8);
void fill_tile(uint32_t dst_tile, float value);
// What an SFPU *_init call leaves in the SFPU's programmable constant registers. The ops that read them fault when
// another init's constants are loaded (on silicon they would compute garbage).
enum class SfpuConstants : uint8_t {
    Unknown,     // nothing loaded by this kernel yet
    Reciprocal,  // recip_tile_init<false>, sigmoid_tile_init, exp_tile_init<false>
    Sqrt,        // sqrt_tile_init, rsqrt_tile_init<false> (APPROX off)
    SqrtApprox,  // the same with APPROX on
    ExpApprox,   // exp_tile_init<true, false>
    ExpFast,     // exp_tile_init<true, true, scale>
    Other        // another op's constants (tanh, log, gelu, approximate sigmoid)
};
// Records an init's constants; exp_tile_init<true, true, scale> also passes its scale (fp32 bits).
void set_sfpu_constants(SfpuConstants constants, const char* init_name, uint32_t exp_scale_fp32_bits = 0x3F800000u);
void binary_dst_tiles(BinaryOp op, uint32_t dst0, uint32_t dst1, uint32_t dst_out, const char* api_name,
                      int vector_mode = sfpu_vector_mode::RC);
void transpose_wh_tile(uint32_t in_cb, uint32_t in_tile, uint32_t dst_tile);
void tilize_block(uint32_t in_cb, uint32_t tiles, uint32_t out_cb);
void untilize_block(uint32_t in_cb, uint32_t tiles, uint32_t out_cb);

// Packer.
void pack_tile(uint32_t dst_tile, uint32_t out_cb, uint32_t out_tile, bool out_of_order);
void set_pack_l1_accumulate(bool enabled);

// Compute-side circular buffer calls (they also keep the packer's sequential slot counter).
void cb_wait_front(uint32_t cb, uint32_t tiles);
void cb_pop_front(uint32_t cb, uint32_t tiles);
void cb_reserve_back(uint32_t cb, uint32_t tiles);
void cb_push_back(uint32_t cb, uint32_t tiles);


}  // namespace emu::compute
#pragma GCC visibility pop
