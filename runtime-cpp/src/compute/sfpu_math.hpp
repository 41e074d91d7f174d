// Wormhole B0 SFPU math, one lane at a time, on fp32 bit patterns: what exp_tile, recip_tile, sqrt_tile,
// rsqrt_tile, sigmoid_tile, the compare-with-zero ops, binary_max/min_tile, the DST-DST binary ops
// (add/sub/mul/div/rsub_binary_tile) and the scalar ones (add/sub/mul/div/rsub_unary_tile) write into DST on silicon.
//
// Follows, at the versions tt-metal 9231910642 (2026-02-02) pins:
//   tt-llk 8859c554f480ac9967cb8b29e6f69205a34c1ced, tt_llk_wormhole_b0/common/inc/sfpu/
//     ckernel_sfpu_exp.h (approximate paths), ckernel_sfpu_recip.h, ckernel_sfpu_sqrt.h, ckernel_sfpu_rsqrt.h,
//     ckernel_sfpu_rsqrt_compat.h (legacy recip/rsqrt), ckernel_sfpu_polyval.h
//   tt-metal tt_metal/hw/ckernels/wormhole_b0/metal/llk_api/llk_sfpu/ckernel_sfpu_exp.h (exp_21f for a 16-bit
//     DST, the Cody-Waite exp for fp32 DST), ckernel_sfpu_sigmoid.h, ckernel_sfpu_comp.h,
//     ckernel_sfpu_binary_max_min.h, ckernel_sfpu_binary.h, ckernel_sfpu_binop_with_unary.h
//   (and tt-llk's ckernel_sfpu_binary.h for _calculate_sfpu_binary_)
//   instruction semantics from tenstorrent/tt-isa-documentation WormholeB0/TensixTile/TensixCoprocessor/SFP*.md
// Each sfpi expression becomes the instruction the SFPI compiler emits for it: a*b+c is one SFPMAD, a compare with
// zero tests the integer bits (so -0.0 counts as negative), a compare with a constant c tests the bits of x - c.
// SFPMAD is modelled as an exactly rounded fused multiply-add (round to nearest even) with denormal inputs read as
// zero and denormal or -0 results written as +0; silicon keeps the product "partially fused", so a last-bit
// difference after heavy cancellation is possible. NaN results are the quiet NaN 0x7FC00000 (silicon's NaN sign and
// payload are unspecified).
// The TypeScript mirror reference/sfpu.ts must compute the same bits; change both together. No libm, no host
// floating-point environment, no state: every function is pure.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>

namespace emu::sfpu {

inline float as_float(uint32_t bits) {
    float f;
    std::memcpy(&f, &bits, sizeof f);
    return f;
}
inline uint32_t as_bits(float f) {
    uint32_t bits;
    std::memcpy(&bits, &f, sizeof bits);
    return bits;
}

// ---- constants (fp32 bit patterns of the literals in the sources) -------------------------------------------------
constexpr uint32_t kZero = 0x00000000, kOne = 0x3F800000, kNegOne = 0xBF800000, kHalf = 0x3F000000;
constexpr uint32_t kInf = 0x7F800000, kQuietNaN = 0x7FC00000;

// ---- instruction models ------------------------------------------------------------------------------------------

inline uint32_t exponent_field(uint32_t x) { return (x >> 23) & 0xFF; }

// SFPMAD: a*b + c, one rounding (RNE), denormal inputs as zero, denormal and -0 outputs as +0.
inline uint32_t mad(uint32_t a, uint32_t b, uint32_t c) {
    auto daz = [](uint32_t x) { return exponent_field(x) == 0 ? 0u : x; };
    const float r = std::fma(as_float(daz(a)), as_float(daz(b)), as_float(daz(c)));
    if (std::isnan(r)) return kQuietNaN;
    const uint32_t bits = as_bits(r);
    if (exponent_field(bits) == 0) return kZero;
    return bits;
}
inline uint32_t mul(uint32_t a, uint32_t b) { return mad(a, b, kZero); }
inline uint32_t add(uint32_t a, uint32_t c) { return mad(a, kOne, c); }
inline uint32_t sub(uint32_t a, uint32_t c) { return mad(c, kNegOne, a); }  // a - c as sfpi emits it
inline uint32_t negate(uint32_t x) { return x ^ 0x80000000u; }              // SFPMOV with sign complement

inline int32_t exexp(uint32_t x) { return int32_t(exponent_field(x)) - 127; }        // SFPEXEXP, debiased
inline uint32_t exexp_nodebias(uint32_t x) { return exponent_field(x); }             // SFPEXEXP, raw field
inline uint32_t exman8(uint32_t x) { return (x & 0x7FFFFF) | 0x800000; }             // SFPEXMAN, hidden bit
inline uint32_t exman9(uint32_t x) { return x & 0x7FFFFF; }                          // SFPEXMAN PAD9
inline uint32_t setexp(uint32_t x, uint32_t e) { return (x & 0x807FFFFF) | ((e & 0xFF) << 23); }  // SFPSETEXP
inline uint32_t setman(uint32_t x, uint32_t m) { return (x & 0xFF800000) | (m & 0x7FFFFF); }     // SFPSETMAN
inline uint32_t setsgn(uint32_t x, uint32_t sign_source) {                                         // SFPSETSGN
    return (x & 0x7FFFFFFF) | (sign_source & 0x80000000u);
}
// SFPDIVP2 in add mode: wrapping 8-bit exponent add; Inf/NaN unchanged.
inline uint32_t addexp(uint32_t x, int32_t n) {
    const uint32_t e = exponent_field(x);
    if (e == 255) return x;
    return setexp(x, (e + uint32_t(n)) & 0xFF);
}
// SFPSHFT by a register: left for a non-negative amount, logical right otherwise (amounts taken mod 32).
inline uint32_t shft(uint32_t x, int32_t amount) {
    return amount >= 0 ? x << (uint32_t(amount) & 31) : x >> (uint32_t(-amount) & 31);
}
// SFPCAST sign-magnitude int32 -> fp32, round to nearest even.
inline uint32_t int32_to_float_rne(uint32_t c) {
    const uint32_t sign = c & 0x80000000u;
    const uint32_t mag = c & 0x7FFFFFFFu;
    const uint32_t lz = mag ? uint32_t(__builtin_clz(mag)) : 157;
    const uint32_t norm = mag << (lz & 31);
    uint32_t d = sign + ((157 - lz) << 23) + (norm >> 8);
    if ((norm & 0x80) && (norm & 0x17F)) d += 1;
    return d;
}
// SFPSTOCHRND fp32 -> bf16 (float_to_fp16b(x, 0)): zero/denormal -> +0, Inf/NaN -> signed Inf, otherwise round the
// 16 dropped bits half away from zero.
inline uint32_t float_to_fp16b(uint32_t x) {
    const uint32_t e = exponent_field(x);
    if (e == 0) return kZero;
    if (e == 255) return x & 0xFF800000u;
    const uint32_t dropped = x & 0xFFFF;
    x -= dropped;
    if ((dropped << 7) >= 0x400000) x += 0x10000;
    return x;
}
// SFPSTOCHRND fp32 -> uint16 (round half up on the magnitude, sign dropped, saturating).
inline uint32_t float_to_uint16(uint32_t c) {
    const int32_t e = exexp(c);
    if (e < -1) return 0;
    if (e >= 16) return 65535;
    uint64_t mag = 0x800000 | (c & 0x7FFFFF);
    mag = e >= 0 ? mag << e : mag >> -e;
    mag = (mag >> 23) + ((mag & 0x7FFFFF) >= 0x400000 ? 1 : 0);
    return mag > 65535 ? 65535 : uint32_t(mag);
}
// SFPSWAP's order: sign-magnitude integers, i.e. -NaN < -Inf < ... < -0 < +0 < ... < +Inf < +NaN.
inline bool signmag_less(uint32_t c, uint32_t d) {
    c ^= uint32_t(int32_t(c) >> 30) >> 1;
    d ^= uint32_t(int32_t(d) >> 30) >> 1;
    return int32_t(c) < int32_t(d);
}
// vec_min_max(a, b) leaves a = min, b = max; these give the two results.
inline uint32_t swap_max(uint32_t a, uint32_t b) { return signmag_less(b, a) ? a : b; }
inline uint32_t swap_min(uint32_t a, uint32_t b) { return signmag_less(b, a) ? b : a; }

// Lane predicates as the SFPI compiler emits them: against zero on the integer bits; against c != 0 on x - c.
inline bool lt0(uint32_t x) { return int32_t(x) < 0; }
inline bool ge0(uint32_t x) { return int32_t(x) >= 0; }
inline bool gt0(uint32_t x) { return int32_t(x) >= 0 && x != 0; }
inline bool le0(uint32_t x) { return !gt0(x); }

// SFPSTORE into DST: fp32 unchanged; a 16-bit DST takes bf16 by truncation, denormals flushed to signed zero.
inline uint32_t store_to_dst(uint32_t x, bool fp32_dest) {
    if (fp32_dest) return x;
    if (exponent_field(x) == 0) x &= 0x80000000u;
    return x & 0xFFFF0000u;
}

// ---- exp -----------------------------------------------------------------------------------------------------------

// exp_21f (Moroz et al. 2022) as tt-metal's _sfpu_exp_21f_, without its final bf16 rounding.
inline uint32_t exp_21f(uint32_t val) {
    uint32_t xlog2 = mad(val, 0x3FB8AA3B /* 1/ln2 */, 0x42FE0000 /* 127 */);
    xlog2 = swap_max(kZero, xlog2);
    xlog2 = swap_min(xlog2, 0x437F0000 /* 255 */);
    const uint32_t z = shft(exman8(xlog2), exexp(xlog2));  // xlog2 * 2^23 as an integer
    const uint32_t exponential_part = exexp_nodebias(z);
    uint32_t frac = int32_to_float_rne(exman9(z));
    frac = mad(frac, mad(frac, 0x27ACA418 /* 4.791750143340323e-15 */, 0x33A85ADA /* 7.839635491371155e-08 */),
               0x3F803885 /* 1.0017248 */);
    return setexp(frac, exponential_part);
}

// Cody-Waite reduction and a degree-7 Taylor polynomial, as tt-metal's _sfpu_exp_f32_accurate_.
inline uint32_t exp_f32_accurate(uint32_t val) {
    const uint32_t z = mul(val, 0x3FB8AA3B /* 1/ln2 */);
    const int32_t exp_bits = exexp(z);
    if (ge0(sub(z, 0x43000000 /* 128 */))) return kInf;
    if (le0(sub(z, 0xC2FE0000 /* -127 */))) return kZero;
    if (exp_bits == 255) return kQuietNaN;  // debiased exponent: never true, as upstream
    const uint32_t c231 = 0x4B400000;      // 2^23 + 2^22
    const uint32_t tmp = add(z, c231);
    const uint32_t k = sub(tmp, c231);
    const int32_t k_int = int32_t(tmp - c231);
    const uint32_t r_hi = mad(k, 0xBF317000 /* -0.693115234375 */, val);
    const uint32_t r = mad(k, 0xB805FDF4 /* -3.19461832987e-05 */, r_hi);
    static constexpr uint32_t kTaylor[8] = {kOne,       kOne,       kHalf,      0x3E2AAAAB, 0x3D2AAAAB,
                                            0x3C088889, 0x3AB60B61, 0x39500D01};  // 1/n! in fp32
    uint32_t p = kTaylor[7];
    for (int i = 6; i >= 0; --i) p = mad(r, p, kTaylor[i]);
    const uint32_t new_exp = uint32_t(int32_t(exexp_nodebias(p)) + k_int);
    return setexp(p, new_exp);
}

// _calculate_exponential_approx_ with the exp_init<APPROX=true, FAST=false> constants, and its range checks.
inline uint32_t exp_approx_piecewise(uint32_t in, bool skip_positive_check) {
    if (!skip_positive_check && ge0(sub(in, 0x42B20000 /* 89 */))) return kInf;
    if (lt0(sub(in, 0xC2280000 /* -42 */))) return kZero;
    const uint32_t t = mad(in, 0x3FB8AA3B /* 1.442695 */, 0x43400000 /* C23_73 */);
    return (0xBD3F0000u /* ADJ_EXP */ + t) << 7;
}

// The SFPLOADMACRO Schraudolph exp of exp_init<APPROX=true, FAST=true, scale>: clamp to -88.5/scale (stored back to
// DST), then round(A*y + (B-C)) to uint16 and shift it into the exponent.
inline uint32_t exp_fast_approx(uint32_t in, uint32_t init_scale, bool fp32_dest) {
    const float scale = as_float(init_scale);
    const uint32_t a = as_bits(256.0f * 1.4426950408889634f * scale);
    const uint32_t threshold = as_bits(-88.5f / scale);
    const uint32_t y = store_to_dst(swap_max(threshold, in), fp32_dest);
    return float_to_uint16(mad(a, y, 0x46FDE9A3 /* 32500.818359375 */)) << 15;
}

struct ExpOptions {
    bool approx = false;
    bool fast_approx = true;
    bool scale_en = false;
    bool skip_positive_check = false;
    uint16_t scale_bf16 = 0x3F80;
    uint32_t init_scale = kOne;  // exp_tile_init's scale template argument (fast path only)
};

// exp_tile: the fp32 bits the SFPU stores (store_to_dst still applies).
inline uint32_t exp(uint32_t x, bool fp32_dest, const ExpOptions& options = {}) {
    if (options.approx && options.fast_approx) return exp_fast_approx(x, options.init_scale, fp32_dest);
    if (options.scale_en) x = mul(x, uint32_t(options.scale_bf16) << 16);
    if (options.approx) return exp_approx_piecewise(x, options.skip_positive_check);
    return fp32_dest ? exp_f32_accurate(x) : float_to_fp16b(exp_21f(x));
}

// ---- reciprocal ----------------------------------------------------------------------------------------------------

// _sfpu_reciprocal_<max_iter>: quadratic estimate on [1,2) and Newton-Raphson steps (0 behaves as 1).
inline uint32_t reciprocal(uint32_t in, int max_iter) {
    const uint32_t negative_x = setman(kNegOne, in);
    uint32_t y = mad(0x3EA57EBB /* k0 */, negative_x, 0x3FBA2E90 /* k1 */);
    const uint32_t scale_bits = ~in;
    y = mad(y, negative_x, 0x4007C1F2 /* k2 */);
    uint32_t scale = setman(scale_bits, 0);
    uint32_t t = mad(negative_x, y, kOne);
    scale = mul(scale, kHalf);
    y = mad(y, t, y);
    if (max_iter > 1) {
        t = mad(negative_x, y, kOne);
        y = mad(y, t, y);
    }
    y = mul(y, scale);
    return setsgn(y, in);
}

// _reciprocal_compat_<max_iter>: Newton-Raphson from 1.442695 on the mantissa in [0.5, 1), exponent patched after.
inline uint32_t reciprocal_compat(uint32_t in, int max_iter) {
    uint32_t val = setsgn(in, 0x80000000u);
    val = setexp(val, 126);
    const uint32_t c = 0x3FB8AA3B;  // 1.442695
    const uint32_t two = 0x40000000;
    uint32_t result = mul(c, mad(val, c, two));
    for (int i = 0; i < max_iter - 1; ++i) result = mul(result, mad(val, result, two));
    int32_t new_exp = exexp(result) - exexp(in) + 126;
    if (new_exp < 0) {
        result = kZero;
        new_exp = 0;
    }
    return setexp(result, uint32_t(new_exp));
}

// recip_tile<legacy_compat>: the fp32 bits the SFPU stores.
inline uint32_t recip(uint32_t in, bool fp32_dest, bool approx = false, bool legacy_compat = true) {
    if (legacy_compat) {
        uint32_t out = reciprocal_compat(in, approx ? 2 : 3);
        if (lt0(in)) out = negate(out);
        return fp32_dest || approx ? out : float_to_fp16b(out);
    }
    if (approx) return reciprocal(in, 0);
    return fp32_dest ? reciprocal(in, 2) : float_to_fp16b(reciprocal(in, 1));
}

// ---- sqrt / rsqrt --------------------------------------------------------------------------------------------------

// _calculate_sqrt_body_ (Kokosinski, Gepner, Moroz et al. 2024: SQRT_23-bits, or SQRT_10-bits when approximate).
inline uint32_t sqrt_body(uint32_t x, bool approx, bool reciprocal_root, bool fast_approx) {
    uint32_t y = (approx ? 0x5F0B3892u : 0x5F1110A0u) - (x >> 1);
    if (approx) {
        const uint32_t c = mul(x, y);
        const uint32_t t = mad(negate(y), c, 0x3FF20BF7 /* 1.89099014875 */);
        if (reciprocal_root) {
            const uint32_t inf_minus_x = kInf - x;
            y = (inf_minus_x != 0 && x != 0) ? mul(y, t) : inf_minus_x;
        } else {
            y = c;
            if (x != kInf) y = mul(y, t);
        }
    } else {
        uint32_t xy = mul(x, y);
        const uint32_t c = mul(negate(y), xy);
        y = mul(y, mad(c, add(c, 0x40103626 /* 2.2533049 */), 0x401214C9 /* 2.2825186 */));
        xy = mul(x, y);
        const uint32_t one_minus_xyy = mad(negate(y), xy, kOne);
        if (reciprocal_root) {
            const uint32_t half_y = addexp(y, -1);
            const uint32_t inf_minus_x = kInf - x;
            y = (inf_minus_x != 0 && x != 0) ? mad(one_minus_xyy, half_y, y) : inf_minus_x;
        } else {
            const uint32_t half_xy = mul(kHalf, xy);
            if (int32_t(x - kInf) < 0) y = mad(one_minus_xyy, half_xy, xy);
        }
    }
    if (!fast_approx && lt0(x)) y = kQuietNaN;
    return y;
}

// _sqrt_compat_<APPROX, 2> (legacy rsqrt): magic-constant inverse root, two Newton steps, times x.
inline uint32_t sqrt_compat(uint32_t val, bool approx) {
    if (approx) return (0x3F800000u + val) >> 1;
    if (val == 0) return val;
    uint32_t r = 0x5F370000u - (val >> 1);
    for (int i = 0; i < 2; ++i) r = mul(mad(mul(r, r), mul(val, 0xBF000000 /* -0.5 */), 0x3FC00000 /* 1.5 */), r);
    return mul(r, val);
}

// sqrt_tile<FAST_APPROX>: the fp32 bits the SFPU stores.
inline uint32_t sqrt(uint32_t x, bool fp32_dest, bool approx = false, bool fast_approx = false) {
    const uint32_t y = sqrt_body(x, approx, false, fast_approx);
    return fp32_dest ? y : float_to_fp16b(y);
}

// rsqrt_tile<legacy_compat, FAST_APPROX>: the fp32 bits the SFPU stores.
inline uint32_t rsqrt(uint32_t x, bool fp32_dest, bool approx = false, bool fast_approx = false,
                      bool legacy_compat = false) {
    if (legacy_compat) {
        const uint32_t in = store_to_dst(sqrt_compat(x, approx), fp32_dest);  // written to DST, read back
        uint32_t out = reciprocal_compat(in, approx ? 2 : 3);
        if (lt0(in)) out = negate(out);
        return fp32_dest || approx ? out : float_to_fp16b(out);
    }
    const uint32_t y = sqrt_body(x, approx, true, fast_approx);
    return fp32_dest ? y : float_to_fp16b(y);
}

// ---- sigmoid -------------------------------------------------------------------------------------------------------

// sigmoid_tile (fast_and_approx = false), tt-metal's _sfpu_sigmoid_: 1 / (1 + exp(-x)) with the fp32 exp and two
// Newton steps for fp32 DST, exp_21f (no bf16 rounding inside) and one step, then bf16 rounding, for a 16-bit DST.
inline uint32_t sigmoid(uint32_t x, bool fp32_dest) {
    const uint32_t e = fp32_dest ? exp_f32_accurate(negate(x)) : exp_21f(negate(x));
    const uint32_t denominator = add(kOne, e);
    return fp32_dest ? reciprocal(denominator, 2) : float_to_fp16b(reciprocal(denominator, 1));
}

// ---- exact ops -----------------------------------------------------------------------------------------------------

enum class ZeroCompare : uint8_t { Eqz, Nez, Ltz, Gtz, Lez, Gez };

// calculate_comp (float): 1.0 where the predicate holds, else 0.0; zero means the bit pattern 0 (so -0.0 is negative).
inline uint32_t compare_zero(ZeroCompare op, uint32_t x) {
    bool holds = false;
    switch (op) {
        case ZeroCompare::Eqz: holds = x == 0; break;
        case ZeroCompare::Nez: holds = x != 0; break;
        case ZeroCompare::Ltz: holds = lt0(x); break;
        case ZeroCompare::Gez: holds = ge0(x); break;
        case ZeroCompare::Gtz: holds = gt0(x); break;
        case ZeroCompare::Lez: holds = le0(x); break;
    }
    return holds ? kOne : kZero;
}

// ---- binary SFPU ops between DST tiles, and with a scalar ----------------------------------------------------------

enum class Binary : uint8_t { Add, Sub, Mul, Div, Rsub };

// tt-metal's float32_to_bf16_rne (integer round to nearest even on the bits; not SFPSTOCHRND).
inline uint32_t float32_to_bf16_rne(uint32_t x) { return (x + 0x7FFF + ((x >> 16) & 1)) & 0xFFFF0000u; }

// add/sub/mul/div/rsub_binary_tile (_calculate_sfpu_binary_, calculate_sfpu_binary_mul/_div): a op b in fp32; for a
// 16-bit DST mul and div round to bf16 (RNE) and mul gives 0 when an operand is +0, add/sub/rsub are left to the
// store's truncation. div is a * reciprocal<2>(b), with x/+0 = ±Inf (NaN for +0/+0) and 1 where a - b is zero.
inline uint32_t binary(Binary op, uint32_t a, uint32_t b, bool fp32_dest) {
    switch (op) {
        case Binary::Add: return add(a, b);
        case Binary::Sub: return sub(a, b);
        case Binary::Rsub: return sub(b, a);
        case Binary::Mul: {
            if (fp32_dest) return mul(a, b);
            return (a == 0 || b == 0) ? kZero : float32_to_bf16_rne(mul(a, b));
        }
        case Binary::Div: {
            uint32_t result = mul(a, reciprocal(b, 2));
            if (b == 0) {
                result = a == 0 ? kQuietNaN : setsgn(kInf, a);
            } else if (sub(a, b) == 0) {
                result = kOne;
            }
            return fp32_dest ? result : float32_to_bf16_rne(result);
        }
    }
    return kZero;
}

// add/sub/mul/div/rsub_unary_tile (calculate_binop_with_scalar): x op param in fp32, left to the store; div multiplies
// by param, which the caller sets to 1/scalar (upstream inverts on the host).
inline uint32_t binop_scalar(Binary op, uint32_t x, uint32_t param) {
    switch (op) {
        case Binary::Add: return add(x, param);
        case Binary::Sub: return sub(x, param);
        case Binary::Mul:
        case Binary::Div: return mul(x, param);
        case Binary::Rsub: return sub(param, x);
    }
    return kZero;
}

// calculate_binary_max_min: SFPSWAP's order; for equal keys the second operand wins max, the first wins min.
inline uint32_t binary_max(uint32_t a, uint32_t b) { return signmag_less(b, a) ? a : b; }
inline uint32_t binary_min(uint32_t a, uint32_t b) { return signmag_less(b, a) ? b : a; }

}  // namespace emu::sfpu
