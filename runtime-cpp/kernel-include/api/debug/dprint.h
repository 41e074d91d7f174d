// DPRINT for emulated kernels: `DPRINT << "x=" << x << ENDL();` prints one line to stderr, prefixed with the
// core and kernel role. Formatting manipulators follow tt-metal's names. Only printing: no device state.
#pragma once

#include <cstdint>
#include <cstring>
#include <iomanip>
#include <sstream>
#include <string>
#include <string_view>
#include <type_traits>

#include "emu/dprint_tile_runtime.hpp"
#include "emu/kernel_common.h"
#include "hostdevcommon/dprint_common.h"


struct ENDL {};
struct HEX {};
struct DEC {};
struct OCT {};
struct FIXED {};
struct DEFAULTFLOAT {};
struct NOC_LOG {};
struct SETPRECISION {
    explicit SETPRECISION(int precision_) : precision(precision_) {}
    int precision;
};
struct SETW {
    explicit SETW(int width_, bool sticky_ = true) : width(width_), sticky(sticky_) {}
    int width;
    bool sticky;
};
struct BF16 {
    explicit BF16(std::uint16_t bits_) : bits(bits_) {}
    std::uint16_t bits;
};
struct F32 {
    explicit F32(float value_) : value(value_) {}
    float value;
};
struct U32 {
    explicit U32(std::uint32_t value_) : value(value_) {}
    std::uint32_t value;
};

namespace emu::kernel {

// Emits every complete line in the buffer: a "\n" inside a printed string ends a line, as on hardware.
inline void flush_complete_lines() {
    std::string text = debug_print_stream().str();
    std::size_t start = 0;
    for (std::size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1) {
        debug_print_line(text.substr(start, end - start));
    }
    if (start == 0) return;
    debug_print_stream().str("");
    debug_print_stream() << text.substr(start);
}

struct DebugPrinter {
    template <typename T>
    const DebugPrinter& operator<<(const T& value) const {
        debug_print_stream() << value;
        if constexpr (std::is_convertible_v<const T&, std::string_view>) {
            if (std::string_view(value).find('\n') != std::string_view::npos) flush_complete_lines();
        } else if constexpr (std::is_same_v<T, char>) {
            if (value == '\n') flush_complete_lines();
        }
        return *this;
    }
    const DebugPrinter& operator<<(std::uint8_t value) const {
        debug_print_stream() << static_cast<unsigned>(value);
        return *this;
    }
    const DebugPrinter& operator<<(std::int8_t value) const {
        debug_print_stream() << static_cast<int>(value);
        return *this;
    }
    const DebugPrinter& operator<<(ENDL) const {
        debug_print_line(debug_print_stream().str());
        debug_print_stream().str("");
        return *this;
    }
    const DebugPrinter& operator<<(HEX) const {
        debug_print_stream() << std::hex;
        return *this;
    }
    const DebugPrinter& operator<<(DEC) const {
        debug_print_stream() << std::dec;
        return *this;
    }
    const DebugPrinter& operator<<(OCT) const {
        debug_print_stream() << std::oct;
        return *this;
    }
    const DebugPrinter& operator<<(FIXED) const {
        debug_print_stream() << std::fixed;
        return *this;
    }
    const DebugPrinter& operator<<(DEFAULTFLOAT) const {
        debug_print_stream() << std::defaultfloat;
        return *this;
    }
    const DebugPrinter& operator<<(NOC_LOG) const { return *this; }
    const DebugPrinter& operator<<(SETPRECISION p) const {
        debug_print_stream() << std::setprecision(p.precision);
        return *this;
    }
    const DebugPrinter& operator<<(SETW w) const {
        debug_print_stream() << std::setw(w.width);
        return *this;
    }
    const DebugPrinter& operator<<(BF16 v) const {
        std::uint32_t bits = static_cast<std::uint32_t>(v.bits) << 16;
        float f;
        std::memcpy(&f, &bits, sizeof f);
        debug_print_stream() << f;
        return *this;
    }
    const DebugPrinter& operator<<(F32 v) const {
        debug_print_stream() << v.value;
        return *this;
    }
    const DebugPrinter& operator<<(U32 v) const {
        debug_print_stream() << v.value;
        return *this;
    }
};

}  // namespace emu::kernel

namespace emu::kernel {
// Which TRISC a compute-kernel statement stands for while DPRINT_MATH / DPRINT_PACK run it (the emulator
// runs UNPACK, MATH and PACK on one thread): TileSlice reads the read pointer on UNPACK, the write
// pointer on PACK, and nothing on MATH, as on hardware.
enum class DprintTrisc { Unpack, Math, Pack };
inline DprintTrisc current_dprint_trisc() { return static_cast<DprintTrisc>(dprint_trisc_slot()); }
struct DprintTriscScope {
    explicit DprintTriscScope(DprintTrisc trisc) : saved(current_dprint_trisc()) {
        dprint_trisc_slot() = static_cast<std::uint8_t>(trisc);
    }
    ~DprintTriscScope() { dprint_trisc_slot() = static_cast<std::uint8_t>(saved); }
    DprintTrisc saved;
};
}  // namespace emu::kernel

#define DPRINT (::emu::kernel::DebugPrinter{})
#if defined(COMPILE_FOR_TRISC)
#define DPRINT_UNPACK(x) do { ::emu::kernel::DprintTriscScope emu_dprint_scope_(::emu::kernel::DprintTrisc::Unpack); x; } while (0)
#define DPRINT_MATH(x) do { ::emu::kernel::DprintTriscScope emu_dprint_scope_(::emu::kernel::DprintTrisc::Math); x; } while (0)
#define DPRINT_PACK(x) do { ::emu::kernel::DprintTriscScope emu_dprint_scope_(::emu::kernel::DprintTrisc::Pack); x; } while (0)
#define DPRINT_DATA0(x)
#define DPRINT_DATA1(x)
#else
#define DPRINT_UNPACK(x)
#define DPRINT_MATH(x)
#define DPRINT_PACK(x)
// As on hardware, DATA0 prints only from a kernel on NoC 0 and DATA1 only from one on NoC 1.
#define DPRINT_DATA0(x) if (::emu::kernel::kernel_noc_index() == 0) { x; }
#define DPRINT_DATA1(x) if (::emu::kernel::kernel_noc_index() == 1) { x; }
#endif

// ---- DPRINT << TileSlice(cb, tile, SliceRange{...}, ...): a window of one tile of a CB ----------------------
using dprint_tslice_ptr_t = bool;
#define TSLICE_RD_PTR true
#define TSLICE_WR_PTR false
using dprint_tslice_cb_t = bool;
#define TSLICE_INPUT_CB true
#define TSLICE_OUTPUT_CB false

template <int MAX_BYTES = 32 * 2>
struct TileSlice {
#if defined(COMPILE_FOR_TRISC)
    TileSlice(std::uint8_t cb, int tile_idx, const SliceRange& slice_range, bool endl_rows = true,
              bool print_untilized = true) {
        using ::emu::kernel::DprintTrisc;
        if (::emu::kernel::current_dprint_trisc() == DprintTrisc::Math) {
            text = "<TileSlice: the MATH thread has no access to CBs>";
            return;
        }
        render(cb, tile_idx, slice_range, ::emu::kernel::current_dprint_trisc() == DprintTrisc::Unpack, endl_rows, print_untilized);
    }
#else
    // Data-movement kernels name whether the CB is an input or an output (it only picks the data format on
    // hardware) and which pointer to read: by default the write pointer on NCRISC, the read pointer on BRISC.
    TileSlice(std::uint8_t cb, int tile_idx, const SliceRange& slice_range, dprint_tslice_cb_t cb_type,
#if defined(COMPILE_FOR_NCRISC)
              dprint_tslice_ptr_t ptr_type = TSLICE_WR_PTR,
#else
              dprint_tslice_ptr_t ptr_type = TSLICE_RD_PTR,
#endif
              bool endl_rows = true, bool print_untilized = true) {
        (void)cb_type;
        render(cb, tile_idx, slice_range, ptr_type == TSLICE_RD_PTR, endl_rows, print_untilized);
    }
#endif
    std::string text;

private:
    void render(std::uint8_t cb, int tile_idx, const SliceRange& s, bool read_ptr, bool endl_rows, bool untilize) {
        text = ::emu::compute::tile_slice_text(cb, tile_idx, read_ptr, s.h0, s.h1, s.hs, s.w0, s.w1, s.ws, endl_rows,
                                               untilize, MAX_BYTES);
    }
};
using TSLICE = TileSlice<64>;

template <int MAX_BYTES>
std::ostream& operator<<(std::ostream& out, const TileSlice<MAX_BYTES>& slice) {
    return out << slice.text;
}
