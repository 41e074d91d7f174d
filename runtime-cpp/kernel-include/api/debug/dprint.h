// DPRINT for emulated kernels: `DPRINT << "x=" << x << ENDL();` prints one line to stderr, prefixed with the
// core and kernel role. Formatting manipulators follow tt-metal's names. Only printing: no device state.
#pragma once

#include <cstdint>
#include <cstring>
#include <iomanip>
#include <sstream>
#include <string>

#include "emu/kernel_common.h"


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

inline thread_local std::ostringstream debug_print_buffer;

struct DebugPrinter {
    template <typename T>
    const DebugPrinter& operator<<(const T& value) const {
        debug_print_buffer << value;
        return *this;
    }
    const DebugPrinter& operator<<(std::uint8_t value) const {
        debug_print_buffer << static_cast<unsigned>(value);
        return *this;
    }
    const DebugPrinter& operator<<(std::int8_t value) const {
        debug_print_buffer << static_cast<int>(value);
        return *this;
    }
    const DebugPrinter& operator<<(ENDL) const {
        debug_print_line(debug_print_buffer.str());
        debug_print_buffer.str("");
        return *this;
    }
    const DebugPrinter& operator<<(HEX) const {
        debug_print_buffer << std::hex;
        return *this;
    }
    const DebugPrinter& operator<<(DEC) const {
        debug_print_buffer << std::dec;
        return *this;
    }
    const DebugPrinter& operator<<(OCT) const {
        debug_print_buffer << std::oct;
        return *this;
    }
    const DebugPrinter& operator<<(FIXED) const {
        debug_print_buffer << std::fixed;
        return *this;
    }
    const DebugPrinter& operator<<(DEFAULTFLOAT) const {
        debug_print_buffer << std::defaultfloat;
        return *this;
    }
    const DebugPrinter& operator<<(NOC_LOG) const { return *this; }
    const DebugPrinter& operator<<(SETPRECISION p) const {
        debug_print_buffer << std::setprecision(p.precision);
        return *this;
    }
    const DebugPrinter& operator<<(SETW w) const {
        debug_print_buffer << std::setw(w.width);
        return *this;
    }
    const DebugPrinter& operator<<(BF16 v) const {
        std::uint32_t bits = static_cast<std::uint32_t>(v.bits) << 16;
        float f;
        std::memcpy(&f, &bits, sizeof f);
        debug_print_buffer << f;
        return *this;
    }
    const DebugPrinter& operator<<(F32 v) const {
        debug_print_buffer << v.value;
        return *this;
    }
    const DebugPrinter& operator<<(U32 v) const {
        debug_print_buffer << v.value;
        return *this;
    }
};

}  // namespace emu::kernel

#define DPRINT (::emu::kernel::DebugPrinter{})
#define DPRINT_UNPACK(x) x
#define DPRINT_MATH(x) x
#define DPRINT_PACK(x) x
#define DPRINT_DATA0(x) x
#define DPRINT_DATA1(x) x
