// tt::DataFormat on the host side (the enum itself is shared with kernels through emu/data_format.hpp).
#pragma once

#include <cstdint>
#include <ostream>

#include <fmt/format.h>

#include "emu/data_format.hpp"

namespace tt {

constexpr std::uint32_t datum_size(DataFormat format) {
    switch (format) {
        case DataFormat::Float32:
        case DataFormat::Int32:
        case DataFormat::UInt32:
        case DataFormat::Tf32: return 4;
        case DataFormat::Float16:
        case DataFormat::Float16_b:
        case DataFormat::UInt16: return 2;
        case DataFormat::Int8:
        case DataFormat::UInt8:
        case DataFormat::Lf8: return 1;
        default: return 0;
    }
}

const char* data_format_name(DataFormat format);
inline std::ostream& operator<<(std::ostream& os, DataFormat format) { return os << data_format_name(format); }

}  // namespace tt

template <>
struct fmt::formatter<tt::DataFormat> : fmt::formatter<const char*> {
    auto format(tt::DataFormat f, fmt::format_context& ctx) const {
        return fmt::formatter<const char*>::format(tt::data_format_name(f), ctx);
    }
};
