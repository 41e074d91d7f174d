// The emulated Tensix compute engine: one instance per compute kernel (in its kernel slot), holding
// the DST register file, the unpacker/math/packer settings made by the *_init calls, and the packer's
// sequential output slot per circular buffer. Every op reads its inputs straight from the circular
// buffer (unpack), does its math in fp32, and rounds what it writes into DST to DST's precision:
// fp32 with fp32_dest_acc_en, otherwise bfloat16 (RNE). Packing converts DST to the CB's format.
// This file must not block or touch CB pointers itself: all CB/L1 access goes through emu::kernel
// (kernel_runtime.hpp), and every misuse ends in emu::kernel::fault naming the API call.
// Products are rounded to fp32 before they are added (no fused multiply-add), whatever -march says, so
// results do not depend on the host CPU. SFPU exp/recip/sqrt/rsqrt/sigmoid, the compare-with-zero ops, the scalar
// and DST-DST binary ops and binary max/min run the Wormhole algorithms of sfpu_math.hpp and store into DST as
// SFPSTORE does (16-bit DST: truncation).
#pragma GCC optimize("fp-contract=off")

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <memory>
#include <sstream>
#include <string>

#include "compute_kernel_api/emu_engine.h"
#include "emu/kernel_runtime.hpp"
#include "sfpu_math.hpp"
#include "tile_formats.hpp"

namespace emu::compute {
namespace {

using formats::kTileElements;
using formats::kTileSide;
using Tile = std::array<float, kTileElements>;  // row-major 32x32

constexpr uint32_t kDstTiles16Bit = 16;
constexpr uint32_t kMaxCircularBuffers = 64;

struct EngineState {
    std::array<Tile, kDstTiles16Bit> dst{};
    std::array<bool, kDstTiles16Bit> dst_written{};  // written since the last acquire (reduce MAX needs it)
    std::array<bool, kDstTiles16Bit> dst_stale{};    // still to be zeroed: acquire clears a tile on first use
    bool acquired = false;
    bool matmul_transpose = false;
    bool copy_transpose = false;
    bool binary_accumulate = false;
    bool pack_l1_accumulate = false;
    uint32_t exp_init_scale = sfpu::kOne;                   // exp_tile_init's scale (fast approximate exp)
    SfpuConstants sfpu_constants = SfpuConstants::Unknown;  // what the last SFPU init loaded
    const char* sfpu_constants_init = "";                   // and which init that was
    std::array<uint32_t, kMaxCircularBuffers> pack_slot{};  // sequential pack_tile position per CB
    // What srcA, srcB and the packer are configured for (FormatSlot order), and by which call on which CB.
    struct FormatSetting {
        tt::DataFormat format = tt::DataFormat::Invalid;
        uint32_t cb = 0;
        const char* set_by = nullptr;  // nullptr: no init or reconfig has set this slot yet
    };
    std::array<FormatSetting, 3> formats{};
};

EngineState& current_engine() {
    auto& slot = emu::kernel::compute_engine_slot();
    if (!slot) slot = std::make_shared<EngineState>();
    return *static_cast<EngineState*>(slot.get());
}

template <typename... Parts>
std::string text(const Parts&... parts) {
    std::ostringstream out;
    (out << ... << parts);
    return out.str();
}

bool fp32_dest() { return emu::kernel::compute_settings().fp32_dest_acc_en; }

// Tiles usable between one acquire and release: 16 (16-bit) or 8 (fp32), halved in half-sync mode.
uint32_t dst_capacity() {
    const auto& settings = emu::kernel::compute_settings();
    const uint32_t physical = settings.fp32_dest_acc_en ? kDstTiles16Bit / 2 : kDstTiles16Bit;
    return settings.dst_full_sync_en ? physical : physical / 2;
}

std::string dst_mode_text() {
    const auto& settings = emu::kernel::compute_settings();
    return text(settings.fp32_dest_acc_en ? "fp32 DST (fp32_dest_acc_en)" : "16-bit DST",
                settings.dst_full_sync_en ? ", full-sync" : ", half-sync");
}

Tile& dst_tile(uint32_t index, const char* api_name) {
    EngineState& engine = current_engine();
    if (!engine.acquired) {
        emu::kernel::fault("dst", text(api_name, ": DST tile ", index,
                                       " used without tile_regs_acquire() (or acquire_dst()) first"));
    }
    const uint32_t capacity = dst_capacity();
    if (index >= capacity) {
        emu::kernel::fault("dst", text(api_name, ": DST tile index ", index, " is out of range, capacity ",
                                       capacity, " tiles (", dst_mode_text(), ")"));
    }
    Tile& tile = engine.dst[index];
    if (engine.dst_stale[index]) {
        tile.fill(0.0f);
        engine.dst_stale[index] = false;
    }
    return tile;
}

// `fp32` is fp32_dest(), read once per tile by the caller (it is a lookup through the kernel thread).
inline float to_dst_precision(float value, bool fp32) { return fp32 ? value : formats::round_to_bf16(value); }

void check_cb_id(uint32_t cb, const char* api_name) {
    if (cb >= kMaxCircularBuffers) {
        emu::kernel::fault("cb", text(api_name, ": circular buffer id ", cb, " is out of range (0..63)"));
    }
}

tt::DataFormat checked_format(uint32_t cb, const char* api_name) {
    const tt::DataFormat format = emu::kernel::cb_data_format(cb);
    if (!formats::is_supported_tile_format(format)) {
        emu::kernel::fault("format", text(api_name, ": CB ", cb, " has data format ", static_cast<int>(format),
                                          "; the compute engine handles Float16_b, Float32 and Bfp8_b"));
    }
    const uint32_t page_size = emu::kernel::cb_page_size(cb);
    if (page_size < formats::tile_size_bytes(format)) {
        emu::kernel::fault("format", text(api_name, ": CB ", cb, " page size ", page_size,
                                          " B is smaller than one tile of its format (",
                                          formats::tile_size_bytes(format), " B)"));
    }
    return format;
}

const char* format_name(tt::DataFormat format) {
    switch (format) {
        case tt::DataFormat::Float32: return "Float32";
        case tt::DataFormat::Float16_b: return "Float16_b";
        case tt::DataFormat::Bfp8_b: return "Bfp8_b";
        case tt::DataFormat::Invalid: return "no format (the CB is not set up on this core)";
        default: return "another format";
    }
}

const char* slot_name(FormatSlot slot) {
    return slot == FormatSlot::SrcA ? "srcA" : slot == FormatSlot::SrcB ? "srcB" : "the packer";
}

// The unpacker (srcA/srcB) or packer about to read or write CB `cb`, whose format is `actual`, must be configured for
// that format.
void check_configured_format(FormatSlot slot, uint32_t cb, tt::DataFormat actual, const char* api_name) {
    const auto& setting = current_engine().formats[static_cast<size_t>(slot)];
    const bool packing = slot == FormatSlot::Pack;
    if (setting.set_by == nullptr) {
        emu::kernel::fault("format", text(api_name, ": ", packing ? "packs into" : "unpacks", " CB ", cb, " (",
                                          format_name(actual), ")", packing ? " with " : " into ", slot_name(slot),
                                          ", whose data format no init has set (a full init such as mm_init or "
                                          "binary_op_init_common, or a reconfig call, must come first)"));
    }
    if (setting.format != actual) {
        emu::kernel::fault(
            "format",
            text(api_name, ": ", packing ? "packs into" : "unpacks", " CB ", cb, " (", format_name(actual), ")",
                 packing ? " with " : " into ", slot_name(slot), ", which ", setting.set_by, " set up for CB ",
                 setting.cb, " (", format_name(setting.format), "); on hardware the tile would be ",
                 packing ? "written" : "read", " in the wrong format. Call ",
                 slot == FormatSlot::SrcA   ? "reconfig_data_format_srca"
                 : slot == FormatSlot::SrcB ? "reconfig_data_format_srcb"
                                            : "pack_reconfig_data_format",
                 "(", setting.cb, ", ", cb, ") first"));
    }
}

// Unpack: the tile `tile_index` pages past the CB front, converted to fp32 (row-major), through `slot`.
void unpack(FormatSlot slot, uint32_t cb, uint32_t tile_index, const char* api_name, Tile& out) {
    check_cb_id(cb, api_name);
    const uint32_t waited = emu::kernel::cb_front_pages(cb);
    if (tile_index >= waited) {
        // The unpacker reads at the read pointer whatever the counters say. The data is there if the page
        // was pushed, or if the CB sits on an L1 buffer (pre-loaded shard); then this runs as on hardware.
        const auto view = emu::kernel::cb_view(cb);
        const bool inside = view.read_page + tile_index < view.num_pages;
        if (!inside || (!view.on_l1_buffer && tile_index >= view.pages_held)) {
            emu::kernel::fault("cb", text(api_name, ": reads tile index ", tile_index, " of CB ", cb, " but only ",
                                          waited, " page(s) were waited for with cb_wait_front and ",
                                          view.pages_held, " pushed"));
        }
        emu::kernel::watcher_warning(
            "read without cb_wait_front",
            text(api_name, ": reads tile index ", tile_index, " of CB ", cb, " without cb_wait_front covering it (",
                 waited, " page(s) waited for", view.on_l1_buffer ? "; the CB is on an L1 buffer" : "", ")"));
    }
    const tt::DataFormat format = checked_format(cb, api_name);
    check_configured_format(slot, cb, format, api_name);
    const uint32_t address = emu::kernel::cb_read_addr(cb) + tile_index * emu::kernel::cb_page_size(cb);
    const void* bytes = emu::kernel::l1_pointer(address, formats::tile_size_bytes(format));
    formats::decode_tile(bytes, format, out.data());
}

void transpose(Tile& tile) {
    for (uint32_t i = 0; i < kTileSide; ++i)
        for (uint32_t j = i + 1; j < kTileSide; ++j) std::swap(tile[i * kTileSide + j], tile[j * kTileSide + i]);
}

// sum = A x B, each element's 32 products added in fp32 in k order. Also built for AVX2 (chosen at load time):
// the same separate multiplies and adds, 8 lanes at a time (no FMA, so the results are the same bits).
__attribute__((target_clones("avx2", "default"))) void tile_product(const float* __restrict a, const float* __restrict b, float* __restrict sum) {
    std::fill(sum, sum + kTileElements, 0.0f);
    for (uint32_t i = 0; i < kTileSide; ++i) {
        float* __restrict sum_row = sum + i * kTileSide;
        for (uint32_t k = 0; k < kTileSide; ++k) {
            const float a_ik = a[i * kTileSide + k];
            const float* __restrict b_row = b + k * kTileSide;
            for (uint32_t j = 0; j < kTileSide; ++j) sum_row[j] += a_ik * b_row[j];
        }
    }
}

// DST[dst] += A x B. Each output element's 32 products are summed in fp32 in k order, then added to DST.
void accumulate_product(const Tile& a, const Tile& b, Tile& dst) {
    alignas(64) float sum[kTileElements];
    tile_product(a.data(), b.data(), sum);
    if (fp32_dest()) {
        for (uint32_t e = 0; e < kTileElements; ++e) dst[e] += sum[e];
    } else {
        for (uint32_t e = 0; e < kTileElements; ++e) dst[e] = formats::round_to_bf16(dst[e] + sum[e]);
    }
}

float apply(BinaryOp op, float a, float b) {
    switch (op) {
        case BinaryOp::Add: return a + b;
        case BinaryOp::Sub: return a - b;
        case BinaryOp::Mul: return a * b;
        default: break;  // SFPU-only ops: binary_dst_tiles
    }
    return 0.0f;
}

// The SFPU's DST-DST binary ops (sfpu_math.hpp): the bits SFPSTORE receives for one lane.
uint32_t sfpu_binary(BinaryOp op, uint32_t a, uint32_t b) {
    const bool fp32 = fp32_dest();
    switch (op) {
        case BinaryOp::Add: return sfpu::binary(sfpu::Binary::Add, a, b, fp32);
        case BinaryOp::Sub: return sfpu::binary(sfpu::Binary::Sub, a, b, fp32);
        case BinaryOp::Mul: return sfpu::binary(sfpu::Binary::Mul, a, b, fp32);
        case BinaryOp::Div: return sfpu::binary(sfpu::Binary::Div, a, b, fp32);
        case BinaryOp::Rsub: return sfpu::binary(sfpu::Binary::Rsub, a, b, fp32);
        case BinaryOp::Max: return sfpu::binary_max(a, b);
        case BinaryOp::Min: return sfpu::binary_min(a, b);
    }
    return 0;
}

// The SFPU ops computed with the Wormhole algorithm of sfpu_math.hpp (the others use exact fp32 math, see unary()).
bool has_hardware_algorithm(UnaryOp op, uint32_t param) {
    switch (op) {
        case UnaryOp::Sigmoid: return (param & sfpu_flag::approx) == 0;  // the approximate sigmoid is not modelled
        case UnaryOp::Exp: case UnaryOp::Recip: case UnaryOp::Sqrt: case UnaryOp::Rsqrt:
        case UnaryOp::Eqz: case UnaryOp::Nez: case UnaryOp::Ltz: case UnaryOp::Gtz:
        case UnaryOp::Lez: case UnaryOp::Gez:
        case UnaryOp::AddScalar: case UnaryOp::SubScalar: case UnaryOp::MulScalar: case UnaryOp::DivScalar:
        case UnaryOp::RsubScalar:
            return true;
        default: return false;
    }
}

// The programmable constants an op's algorithm reads and the init that loads them; init == nullptr: it reads none.
struct ConstantsNeeded {
    SfpuConstants constants = SfpuConstants::Unknown;
    const char* init = nullptr;
};

ConstantsNeeded required_constants(UnaryOp op, uint32_t param) {
    const bool approx = (param & sfpu_flag::approx) != 0;
    const bool legacy = (param & sfpu_flag::legacy_compat) != 0;
    switch (op) {
        case UnaryOp::Exp:
            if (!approx) return {};
            if (param & sfpu_flag::fast_approx) return {SfpuConstants::ExpFast, "exp_tile_init<true, true>()"};
            return {SfpuConstants::ExpApprox, "exp_tile_init<true, false>()"};
        case UnaryOp::Recip:
            if (legacy) return {};
            return {SfpuConstants::Reciprocal, "recip_tile_init<false>()"};
        case UnaryOp::Sigmoid: return {SfpuConstants::Reciprocal, "sigmoid_tile_init()"};
        case UnaryOp::Sqrt:
        case UnaryOp::Rsqrt:
            if (legacy) return {};
            return {approx ? SfpuConstants::SqrtApprox : SfpuConstants::Sqrt,
                    op == UnaryOp::Sqrt ? "sqrt_tile_init()" : "rsqrt_tile_init()"};
        default: return {};
    }
}

// The bits SFPSTORE receives for one lane of such an op; `param` carries the sfpu_flag template arguments.
uint32_t hardware_sfpu(UnaryOp op, uint32_t x, uint32_t param) {
    const bool fp32 = fp32_dest();
    const bool approx = (param & sfpu_flag::approx) != 0;
    const bool fast = (param & sfpu_flag::fast_approx) != 0;
    const bool legacy = (param & sfpu_flag::legacy_compat) != 0;
    switch (op) {
        case UnaryOp::Exp: {
            sfpu::ExpOptions options;
            options.approx = approx;
            options.fast_approx = fast;
            options.scale_en = (param & sfpu_flag::scale_en) != 0;
            options.skip_positive_check = (param & sfpu_flag::skip_positive_check) != 0;
            options.scale_bf16 = uint16_t(param >> 16);
            options.init_scale = current_engine().exp_init_scale;
            return sfpu::exp(x, fp32, options);
        }
        case UnaryOp::Recip: return sfpu::recip(x, fp32, approx, legacy);
        case UnaryOp::Sqrt: return sfpu::sqrt(x, fp32, approx, fast);
        case UnaryOp::Rsqrt: return sfpu::rsqrt(x, fp32, approx, fast, legacy);
        case UnaryOp::Sigmoid: return sfpu::sigmoid(x, fp32);
        case UnaryOp::Eqz: return sfpu::compare_zero(sfpu::ZeroCompare::Eqz, x);
        case UnaryOp::Nez: return sfpu::compare_zero(sfpu::ZeroCompare::Nez, x);
        case UnaryOp::Ltz: return sfpu::compare_zero(sfpu::ZeroCompare::Ltz, x);
        case UnaryOp::Gtz: return sfpu::compare_zero(sfpu::ZeroCompare::Gtz, x);
        case UnaryOp::Lez: return sfpu::compare_zero(sfpu::ZeroCompare::Lez, x);
        case UnaryOp::Gez: return sfpu::compare_zero(sfpu::ZeroCompare::Gez, x);
        case UnaryOp::AddScalar: return sfpu::binop_scalar(sfpu::Binary::Add, x, param);
        case UnaryOp::SubScalar: return sfpu::binop_scalar(sfpu::Binary::Sub, x, param);
        case UnaryOp::MulScalar: return sfpu::binop_scalar(sfpu::Binary::Mul, x, param);
        case UnaryOp::DivScalar: return sfpu::binop_scalar(sfpu::Binary::Div, x, param);
        case UnaryOp::RsubScalar: return sfpu::binop_scalar(sfpu::Binary::Rsub, x, param);
        default: return x;
    }
}

float broadcast_operand(const Tile& b, Broadcast broadcast, uint32_t row, uint32_t col) {
    switch (broadcast) {
        case Broadcast::None: return b[row * kTileSide + col];
        case Broadcast::Col: return b[row * kTileSide];  // column vector in column 0: B[h,0]
        case Broadcast::Row: return b[col];              // row vector in row 0: B[0,w]
        case Broadcast::Scalar: return b[0];             // B[0,0]
    }
    return 0.0f;
}

float unary(UnaryOp op, float x, float param) {
    switch (op) {
        case UnaryOp::Relu: return x > 0.0f ? x : 0.0f;
        case UnaryOp::Sigmoid: return 1.0f / (1.0f + std::exp(-x));
        case UnaryOp::Tanh: return std::tanh(x);
        case UnaryOp::Log: return std::log(x);
        case UnaryOp::Abs: return std::fabs(x);
        case UnaryOp::Square: return x * x;
        case UnaryOp::Negative: return -x;
        case UnaryOp::Silu: return x / (1.0f + std::exp(-x));
        case UnaryOp::Gelu: return 0.5f * x * (1.0f + std::erf(x * 0.70710678118654752f));
        case UnaryOp::ReluMax: return std::min(std::max(x, 0.0f), param);
        case UnaryOp::ReluMin: return x > param ? x : 0.0f;
        case UnaryOp::LeakyRelu: return x > 0.0f ? x : x * param;
        default: break;  // the hardware-algorithm ops never reach here
    }
    return x;
}

}  // namespace

// ---- DST protocol ---------------------------------------------------------------------------------

void tile_regs_acquire() {
    EngineState& engine = current_engine();
    if (engine.acquired) {
        emu::kernel::fault("dst", "tile_regs_acquire: DST is already acquired (missing tile_regs_release?)");
    }
    engine.acquired = true;
    engine.dst_stale.fill(true);  // DST section is zero after acquire (each tile cleared when first used)
    engine.dst_written.fill(false);
}

void tile_regs_commit() {}
void tile_regs_wait() {}

void tile_regs_release() {
    EngineState& engine = current_engine();
    if (!engine.acquired) {
        // A second release (e.g. release_dst() after tile_regs_release()) frees nothing on hardware.
        emu::kernel::watcher_warning("release without acquire",
                                     "tile_regs_release/release_dst: DST was not acquired (already released?)");
    }
    engine.acquired = false;
}

// ---- init-time state ------------------------------------------------------------------------------

void configure_format(FormatSlot slot, uint32_t cb, const char* api_name) {
    check_cb_id(cb, api_name);
    auto& setting = current_engine().formats[static_cast<size_t>(slot)];
    setting.format = emu::kernel::cb_configured(cb) ? emu::kernel::cb_data_format(cb) : tt::DataFormat::Invalid;
    setting.cb = cb;
    setting.set_by = api_name;
}

void set_matmul_transpose(bool transpose_b) { current_engine().matmul_transpose = transpose_b; }
void set_copy_transpose(bool transpose_tile) { current_engine().copy_transpose = transpose_tile; }
void set_binary_accumulate(bool acc_to_dest) { current_engine().binary_accumulate = acc_to_dest; }
void set_pack_l1_accumulate(bool enabled) { current_engine().pack_l1_accumulate = enabled; }

// ---- math -----------------------------------------------------------------------------------------

void matmul_tiles(uint32_t in0_cb, uint32_t in1_cb, uint32_t in0_tile, uint32_t in1_tile, uint32_t dst_index) {
    EngineState& engine = current_engine();
    Tile& dst = dst_tile(dst_index, "matmul_tiles");
    Tile a, b;
    unpack(FormatSlot::SrcB, in0_cb, in0_tile, "matmul_tiles (in0)", a);
    unpack(FormatSlot::SrcA, in1_cb, in1_tile, "matmul_tiles (in1)", b);
    if (engine.matmul_transpose) transpose(b);
    accumulate_product(a, b, dst);
    engine.dst_written[dst_index] = true;
}

void matmul_block(uint32_t in0_cb, uint32_t in1_cb, uint32_t in0_tile, uint32_t in1_tile, uint32_t dst_index,
                  bool transpose_b, uint32_t ct_dim, uint32_t rt_dim, uint32_t kt_dim) {
    EngineState& engine = current_engine();
    // Output block rt_dim x ct_dim: DST[dst + r*ct + c] += in0[in0_tile + r*kt_dim] x in1[in1_tile + c].
    Tile a, b;
    for (uint32_t c = 0; c < ct_dim; ++c) {
        unpack(FormatSlot::SrcA, in1_cb, in1_tile + c, "matmul_block (in1)", b);
        if (transpose_b || engine.matmul_transpose) transpose(b);
        for (uint32_t r = 0; r < rt_dim; ++r) {
            const uint32_t out_index = dst_index + r * ct_dim + c;
            Tile& dst = dst_tile(out_index, "matmul_block");
            unpack(FormatSlot::SrcB, in0_cb, in0_tile + r * kt_dim, "matmul_block (in0)", a);
            accumulate_product(a, b, dst);
            engine.dst_written[out_index] = true;
        }
    }
}

void copy_tile(uint32_t in_cb, uint32_t in_tile, uint32_t dst_index) {
    EngineState& engine = current_engine();
    Tile& dst = dst_tile(dst_index, "copy_tile");
    Tile a;
    unpack(FormatSlot::SrcA, in_cb, in_tile, "copy_tile", a);
    if (engine.copy_transpose) transpose(a);
    const bool fp32 = fp32_dest();
    for (uint32_t e = 0; e < kTileElements; ++e) dst[e] = to_dst_precision(a[e], fp32);
    engine.dst_written[dst_index] = true;
}

void transpose_wh_tile(uint32_t in_cb, uint32_t in_tile, uint32_t dst_index) {
    Tile& dst = dst_tile(dst_index, "transpose_wh_tile");
    Tile a;
    unpack(FormatSlot::SrcA, in_cb, in_tile, "transpose_wh_tile", a);
    transpose(a);
    const bool fp32 = fp32_dest();
    for (uint32_t e = 0; e < kTileElements; ++e) dst[e] = to_dst_precision(a[e], fp32);
    current_engine().dst_written[dst_index] = true;
}

void binary_tiles(BinaryOp op, Broadcast broadcast, uint32_t in0_cb, uint32_t in1_cb, uint32_t in0_tile,
                  uint32_t in1_tile, uint32_t dst_index, const char* api_name) {
    EngineState& engine = current_engine();
    Tile& dst = dst_tile(dst_index, api_name);
    Tile a, b;
    unpack(FormatSlot::SrcA, in0_cb, in0_tile, api_name, a);
    unpack(FormatSlot::SrcB, in1_cb, in1_tile, api_name, b);
    const bool accumulate = engine.binary_accumulate && broadcast == Broadcast::None;
    const bool fp32 = fp32_dest();
    if (broadcast != Broadcast::None) {
        Tile expanded;
        for (uint32_t i = 0; i < kTileSide; ++i)
            for (uint32_t j = 0; j < kTileSide; ++j) expanded[i * kTileSide + j] = broadcast_operand(b, broadcast, i, j);
        b = expanded;
    }
    // One loop per op (not a switch per element): the same arithmetic, in the same order.
    auto combine = [&](auto operation) {
        for (uint32_t e = 0; e < kTileElements; ++e) {
            float result = operation(a[e], b[e]);
            if (accumulate) result += dst[e];
            dst[e] = to_dst_precision(result, fp32);
        }
    };
    switch (op) {
        case BinaryOp::Add: combine([](float x, float y) { return x + y; }); break;
        case BinaryOp::Sub: combine([](float x, float y) { return x - y; }); break;
        case BinaryOp::Mul: combine([](float x, float y) { return x * y; }); break;
        default: combine([op](float x, float y) { return apply(op, x, y); }); break;
    }
    engine.dst_written[dst_index] = true;
}

void binary_dest_reuse(BinaryOp op, DestReuse reuse, uint32_t in_cb, uint32_t in_tile, uint32_t dst_index) {
    const char* api_name = "binary_dest_reuse_tiles";
    Tile& dst = dst_tile(dst_index, api_name);
    Tile cb_tile;
    // DEST_TO_SRCA moves DST into srcA and unpacks the CB into srcB; DEST_TO_SRCB the other way round.
    unpack(reuse == DestReuse::ToSrcA ? FormatSlot::SrcB : FormatSlot::SrcA, in_cb, in_tile, api_name, cb_tile);
    const bool fp32 = fp32_dest();
    for (uint32_t e = 0; e < kTileElements; ++e) {
        // DEST_TO_SRCA: DST is operand A (DST op CB); DEST_TO_SRCB: DST is operand B (CB op DST).
        const float result = reuse == DestReuse::ToSrcB ? apply(op, cb_tile[e], dst[e]) : apply(op, dst[e], cb_tile[e]);
        dst[e] = to_dst_precision(result, fp32);
    }
    current_engine().dst_written[dst_index] = true;
}

// The elements an SFPU call with `vector_mode` runs on (tt-llk _llk_math_eltwise_unary_sfpu_params_): R the top
// two faces (0, 1), C the left two (0, 2), RC all four; any other mode runs the function once, on face 0. Each face
// starts at its own base, and the function's `iterations` walk it as the SFPU addresses DST (tt-isa-documentation
// WormholeB0 SFPLOAD: an address selects an aligned group of 4 rows and the even or odd columns; the functions step
// it by 2): iteration i covers rows 4·(i/2) .. 4·(i/2)+3, columns of parity i%2. Elements outside keep their values.
static bool sfpu_covers(int vector_mode, uint32_t element, int iterations = 8) {
    constexpr uint32_t kTileDim = 32, kFaceDim = 16;
    const uint32_t row = element / kTileDim, column = element % kTileDim;
    const uint32_t face = (row >= kFaceDim ? 2u : 0u) + (column >= kFaceDim ? 1u : 0u);
    const uint32_t iteration = (row % kFaceDim) / 4 * 2 + column % 2;
    if (iteration >= uint32_t(iterations)) return false;
    switch (vector_mode) {
        case sfpu_vector_mode::R: return face < 2;
        case sfpu_vector_mode::C: return face % 2 == 0;
        case sfpu_vector_mode::RC: return true;
        default: return face == 0;
    }
}

void binary_dst_tiles(BinaryOp op, uint32_t dst0, uint32_t dst1, uint32_t dst_out, const char* api_name, int vector_mode) {
    EngineState& engine = current_engine();
    Tile& a = dst_tile(dst0, api_name);
    Tile& b = dst_tile(dst1, api_name);
    Tile& out = dst_tile(dst_out, api_name);
    if (op == BinaryOp::Div && engine.sfpu_constants != SfpuConstants::Reciprocal) {
        emu::kernel::fault("sfpu", text(api_name, " reads the SFPU constants that div_binary_tile_init() loads, but ",
                                        *engine.sfpu_constants_init ? engine.sfpu_constants_init : "no init",
                                        " was the last to load them; call div_binary_tile_init() first"));
    }
    const bool fp32 = fp32_dest();
    for (uint32_t e = 0; e < kTileElements; ++e) {
        if (!sfpu_covers(vector_mode, e)) continue;
        const uint32_t result = sfpu_binary(op, sfpu::as_bits(a[e]), sfpu::as_bits(b[e]));
        out[e] = sfpu::as_float(sfpu::store_to_dst(result, fp32));
    }
    engine.dst_written[dst_out] = true;
}

void reduce_tile(ReducePool pool, ReduceAxis axis, uint32_t in_cb, uint32_t scaler_cb, uint32_t in_tile,
                 uint32_t scaler_tile, uint32_t dst_index) {
    EngineState& engine = current_engine();
    const char* api_name = "reduce_tile";
    Tile& dst = dst_tile(dst_index, api_name);
    Tile input, scaler_values;
    unpack(FormatSlot::SrcA, in_cb, in_tile, api_name, input);
    unpack(FormatSlot::SrcB, scaler_cb, scaler_tile, "reduce_tile (scaler)", scaler_values);
    const float scaler = scaler_values[0];
    const bool is_max = pool == ReducePool::Max;
    const bool first_write = !engine.dst_written[dst_index];
    const bool fp32 = fp32_dest();

    auto reduce_range = [&](uint32_t row0, uint32_t row1, uint32_t col0, uint32_t col1) {
        float acc = is_max ? -INFINITY : 0.0f;
        for (uint32_t i = row0; i < row1; ++i)
            for (uint32_t j = col0; j < col1; ++j) {
                const float x = input[i * kTileSide + j];
                acc = is_max ? std::max(acc, x) : acc + x;
            }
        return acc * scaler;
    };
    auto store = [&](uint32_t element, float value) {
        const float combined = is_max ? (first_write ? value : std::max(dst[element], value)) : dst[element] + value;
        dst[element] = to_dst_precision(combined, fp32);
    };
    switch (axis) {
        case ReduceAxis::Row:  // over W, result in column 0
            for (uint32_t i = 0; i < kTileSide; ++i) store(i * kTileSide, reduce_range(i, i + 1, 0, kTileSide));
            break;
        case ReduceAxis::Col:  // over H, result in row 0
            for (uint32_t j = 0; j < kTileSide; ++j) store(j, reduce_range(0, kTileSide, j, j + 1));
            break;
        case ReduceAxis::Scalar: store(0, reduce_range(0, kTileSide, 0, kTileSide)); break;
    }
    engine.dst_written[dst_index] = true;
}

void unary_tile(UnaryOp op, uint32_t dst_index, uint32_t param_bits, const char* api_name, int vector_mode,
                int iterations) {
    EngineState& engine = current_engine();
    Tile& dst = dst_tile(dst_index, api_name);
    if (has_hardware_algorithm(op, param_bits)) {
        const ConstantsNeeded needed = required_constants(op, param_bits);
        if (needed.init != nullptr && engine.sfpu_constants != needed.constants) {
            emu::kernel::fault("sfpu", text(api_name, " reads the SFPU constants that ", needed.init, " loads, but ",
                                            *engine.sfpu_constants_init ? engine.sfpu_constants_init : "no init",
                                            " was the last to load them; call ", needed.init, " first"));
        }
        const bool fp32 = fp32_dest();
        for (uint32_t e = 0; e < kTileElements; ++e) {
            if (!sfpu_covers(vector_mode, e, iterations)) continue;
            dst[e] = sfpu::as_float(sfpu::store_to_dst(hardware_sfpu(op, sfpu::as_bits(dst[e]), param_bits), fp32));
        }
    } else {
        float param;
        std::memcpy(&param, &param_bits, sizeof param);
        const bool fp32 = fp32_dest();
        for (uint32_t e = 0; e < kTileElements; ++e) {
            if (sfpu_covers(vector_mode, e, iterations)) dst[e] = to_dst_precision(unary(op, dst[e], param), fp32);
        }
    }
    engine.dst_written[dst_index] = true;
}

// _calculate_fill_: the SFPU stores the fp32 value; a 16-bit DST keeps it truncated to bf16.
void fill_tile(uint32_t dst_index, float value) {
    Tile& dst = dst_tile(dst_index, "fill_tile");
    dst.fill(sfpu::as_float(sfpu::store_to_dst(sfpu::as_bits(value), fp32_dest())));
    current_engine().dst_written[dst_index] = true;
}

void set_sfpu_constants(SfpuConstants constants, const char* init_name, uint32_t exp_scale_fp32_bits) {
    EngineState& engine = current_engine();
    engine.sfpu_constants = constants;
    engine.sfpu_constants_init = init_name;
    if (constants == SfpuConstants::ExpFast) engine.exp_init_scale = exp_scale_fp32_bits;
}

// ---- packer ---------------------------------------------------------------------------------------

// A packer write to page `slot` past the CB's write pointer. Beyond the reserved pages it still runs as on
// hardware (watcher warning) while the page is inside the CB and holds no unconsumed data; otherwise it
// would corrupt data and faults.
static void check_pack_slot(uint32_t out_cb, uint32_t slot, const char* api_name, bool out_of_order) {
    const uint32_t reserved = emu::kernel::cb_reserved_pages(out_cb);
    if (slot < reserved) return;
    const auto view = emu::kernel::cb_view(out_cb);
    const bool inside = view.write_page + slot < view.num_pages;
    if (!inside || (!view.on_l1_buffer && view.pages_held + slot >= view.num_pages)) {
        emu::kernel::fault("cb", text(api_name, ": writes slot ", slot, " of CB ", out_cb, " but only ", reserved,
                                      " page(s) are reserved with cb_reserve_back",
                                      out_of_order ? "" : " (sequential pack_tile calls since the last cb_push_back)",
                                      inside ? ", and that page holds data not yet consumed" : ", past the CB's end"));
    }
    emu::kernel::watcher_warning("pack without cb_reserve_back",
                                 text(api_name, ": writes slot ", slot, " of CB ", out_cb, " with ", reserved,
                                      " page(s) reserved with cb_reserve_back (the page is free, so it runs as on "
                                      "hardware)"));
}

void pack_tile(uint32_t dst_index, uint32_t out_cb, uint32_t out_tile, bool out_of_order) {
    EngineState& engine = current_engine();
    const char* api_name = "pack_tile";
    const Tile& dst = dst_tile(dst_index, api_name);
    check_cb_id(out_cb, api_name);
    const uint32_t slot = out_of_order ? out_tile : engine.pack_slot[out_cb];
    check_pack_slot(out_cb, slot, api_name, out_of_order);
    const tt::DataFormat format = checked_format(out_cb, api_name);
    check_configured_format(FormatSlot::Pack, out_cb, format, api_name);
    const uint32_t tile_bytes = formats::tile_size_bytes(format);
    const uint32_t address = emu::kernel::cb_write_addr(out_cb) + slot * emu::kernel::cb_page_size(out_cb);
    void* bytes = emu::kernel::l1_pointer(address, tile_bytes);
    if (engine.pack_l1_accumulate) {
        Tile sum;
        formats::decode_tile(bytes, format, sum.data());
        for (uint32_t e = 0; e < kTileElements; ++e) sum[e] += dst[e];
        formats::encode_tile(sum.data(), format, bytes);
    } else {
        formats::encode_tile(dst.data(), format, bytes);
    }
    if (!out_of_order) engine.pack_slot[out_cb] = slot + 1;
}

// ---- tilize / untilize (row-major rows of a block of tiles <-> tiles) -------------------------------

static uint32_t element_bytes(tt::DataFormat format, const char* api_name, uint32_t cb) {
    if (format == tt::DataFormat::Float16_b) return 2;
    if (format == tt::DataFormat::Float32) return 4;
    emu::kernel::fault("format", text(api_name, ": CB ", cb, " must be Float16_b or Float32"));
}

static float read_element(const uint8_t* p, uint32_t bytes) {
    if (bytes == 2) {
        uint16_t bits;
        std::memcpy(&bits, p, 2);
        return formats::bf16_bits_to_fp32(bits);
    }
    float value;
    std::memcpy(&value, p, 4);
    return value;
}

void tilize_block(uint32_t in_cb, uint32_t tiles, uint32_t out_cb) {
    EngineState& engine = current_engine();
    // in_cb front holds 32 rows of tiles*32 row-major values; each output tile goes to the next pack slot.
    const char* api_name = "tilize_block";
    check_cb_id(in_cb, api_name);
    check_cb_id(out_cb, api_name);
    const uint32_t in_bytes = element_bytes(emu::kernel::cb_data_format(in_cb), api_name, in_cb);
    const uint32_t row_elements = tiles * kTileSide;
    if (emu::kernel::cb_front_pages(in_cb) < tiles) {
        emu::kernel::fault("cb", text(api_name, ": needs ", tiles, " page(s) waited for on CB ", in_cb));
    }
    const auto* rows = static_cast<const uint8_t*>(
        emu::kernel::l1_pointer(emu::kernel::cb_read_addr(in_cb), kTileSide * row_elements * in_bytes));
    const tt::DataFormat out_format = checked_format(out_cb, api_name);
    for (uint32_t t = 0; t < tiles; ++t) {
        Tile tile;
        for (uint32_t i = 0; i < kTileSide; ++i)
            for (uint32_t j = 0; j < kTileSide; ++j)
                tile[i * kTileSide + j] = read_element(rows + (i * row_elements + t * kTileSide + j) * in_bytes, in_bytes);
        const uint32_t slot = engine.pack_slot[out_cb];
        check_pack_slot(out_cb, slot, api_name, false);
        void* out = emu::kernel::l1_pointer(emu::kernel::cb_write_addr(out_cb) + slot * emu::kernel::cb_page_size(out_cb),
                                            formats::tile_size_bytes(out_format));
        formats::encode_tile(tile.data(), out_format, out);
        engine.pack_slot[out_cb] = slot + 1;
    }
}

void untilize_block(uint32_t in_cb, uint32_t tiles, uint32_t out_cb) {
    // Each of `tiles` input tiles becomes a 32x32 patch of 32 rows of tiles*32 row-major values in out_cb.
    const char* api_name = "untilize_block";
    check_cb_id(in_cb, api_name);
    check_cb_id(out_cb, api_name);
    const uint32_t out_bytes = element_bytes(emu::kernel::cb_data_format(out_cb), api_name, out_cb);
    if (emu::kernel::cb_reserved_pages(out_cb) < tiles) {
        emu::kernel::fault("cb", text(api_name, ": needs ", tiles, " page(s) reserved on CB ", out_cb));
    }
    const uint32_t row_elements = tiles * kTileSide;
    auto* rows = static_cast<uint8_t*>(
        emu::kernel::l1_pointer(emu::kernel::cb_write_addr(out_cb), kTileSide * row_elements * out_bytes));
    for (uint32_t t = 0; t < tiles; ++t) {
        Tile tile;
        unpack(FormatSlot::SrcA, in_cb, t, api_name, tile);
        for (uint32_t i = 0; i < kTileSide; ++i)
            for (uint32_t j = 0; j < kTileSide; ++j) {
                uint8_t* p = rows + (i * row_elements + t * kTileSide + j) * out_bytes;
                const float value = tile[i * kTileSide + j];
                if (out_bytes == 2) {
                    const uint16_t bits = formats::fp32_to_bf16_bits(value);
                    std::memcpy(p, &bits, 2);
                } else {
                    std::memcpy(p, &value, 4);
                }
            }
    }
}

// ---- compute-side circular buffer calls -----------------------------------------------------------

void cb_wait_front(uint32_t cb, uint32_t tiles) { emu::kernel::cb_wait_front(cb, tiles); }
void cb_pop_front(uint32_t cb, uint32_t tiles) { emu::kernel::cb_pop_front(cb, tiles); }
void cb_reserve_back(uint32_t cb, uint32_t tiles) { emu::kernel::cb_reserve_back(cb, tiles); }

void cb_push_back(uint32_t cb, uint32_t tiles) {
    emu::kernel::cb_push_back(cb, tiles);
    if (cb < kMaxCircularBuffers) current_engine().pack_slot[cb] = 0;  // the packer's write pointer restarts here
}

}  // namespace emu::compute
