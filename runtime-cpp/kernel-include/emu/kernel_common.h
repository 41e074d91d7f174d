// Kernel-side basics every kernel role needs: runtime args, compile-time args (constant expressions baked
// in by the JIT prelude), per-CB tile sizes, and the attribute macros tt-metal kernels use.
// Dataflow and compute API headers build on this file; it must not contain role-specific API.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "emu/data_format.hpp"
#include "emu/dataflow_runtime.hpp"
#include "emu/kernel_runtime.hpp"
#include "hostdevcommon/common_values.hpp"
#include "hostdevcommon/kernel_structs.h"

#define ALWI inline __attribute__((always_inline))
#define FORCE_INLINE inline __attribute__((always_inline))
#define tt_l1_ptr
#define tt_reg_ptr
#define ASSERT(condition, ...)

using DataFormat = tt::DataFormat;


// ---- compile-time args: the JIT prelude defines the list and its length ---------------------------------
#ifndef KERNEL_COMPILE_TIME_ARGS
#define KERNEL_COMPILE_TIME_ARGS
#endif
#ifndef EMU_COMPILE_TIME_ARG_COUNT
#define EMU_COMPILE_TIME_ARG_COUNT 0
#endif
#ifndef EMU_NAMED_COMPILE_TIME_ARGS
#define EMU_NAMED_COMPILE_TIME_ARGS
#endif

namespace emu::kernel {

inline constexpr std::array<std::uint32_t, EMU_COMPILE_TIME_ARG_COUNT> compile_time_args{KERNEL_COMPILE_TIME_ARGS};

template <std::size_t Index>
constexpr std::uint32_t compile_time_arg() {
    static_assert(Index < EMU_COMPILE_TIME_ARG_COUNT,
                  "get_compile_time_arg_val: index is not below the number of compile_args the host passed");
    return compile_time_args[Index];
}

struct NamedCompileTimeArg {
    std::string_view name;
    std::uint32_t value;
};
inline constexpr NamedCompileTimeArg named_compile_time_args[] = {EMU_NAMED_COMPILE_TIME_ARGS{"", 0}};

// Not constexpr on purpose: reaching it during constant evaluation makes the compiler name the missing arg.
inline std::uint32_t named_compile_time_arg_was_not_set_by_host() { return 0; }

consteval std::uint32_t named_compile_time_arg(std::string_view name) {
    for (const auto& arg : named_compile_time_args) {
        if (!arg.name.empty() && arg.name == name) return arg.value;
    }
    return named_compile_time_arg_was_not_set_by_host();
}

}  // namespace emu::kernel

#define get_compile_time_arg_val(arg_idx) (::emu::kernel::compile_time_arg<(arg_idx)>())
// tt-metal's api/compile_time_args.h also exposes the whole list as a constexpr std::array.
inline constexpr auto kernel_compile_time_args = ::emu::kernel::compile_time_args;
#define get_named_compile_time_arg_val(name) (::emu::kernel::named_compile_time_arg(name))

// ---- runtime args ---------------------------------------------------------------------------------------
template <typename T>
FORCE_INLINE T get_arg_val(int arg_idx) {
    static_assert(sizeof(T) == 4, "get_arg_val: only 4-byte args are supported");
    return *reinterpret_cast<volatile T*>(::emu::kernel::runtime_arg_pointer(arg_idx));
}
template <typename T>
FORCE_INLINE T get_common_arg_val(int arg_idx) {
    static_assert(sizeof(T) == 4, "get_common_arg_val: only 4-byte args are supported");
    return *reinterpret_cast<volatile T*>(::emu::kernel::common_runtime_arg_pointer(arg_idx));
}
FORCE_INLINE std::uint32_t get_arg_addr(int arg_idx) {
    return static_cast<std::uint32_t>(reinterpret_cast<std::uintptr_t>(::emu::kernel::runtime_arg_pointer(arg_idx)));
}
FORCE_INLINE std::uint32_t get_common_arg_addr(int arg_idx) {
    return static_cast<std::uint32_t>(
        reinterpret_cast<std::uintptr_t>(::emu::kernel::common_runtime_arg_pointer(arg_idx)));
}

// ---- per-CB data formats of the program this kernel was compiled for (JIT prelude table) ---------------
#ifndef EMU_CB_DATA_FORMATS
#define EMU_CB_DATA_FORMATS
#endif
namespace emu::kernel {
inline constexpr tt::DataFormat cb_data_formats_table[64] = {EMU_CB_DATA_FORMATS};
}
constexpr inline std::int32_t get_tile_size(const std::int32_t operand) {
    return static_cast<std::int32_t>(tt::tile_size(::emu::kernel::cb_data_formats_table[operand]));
}
constexpr inline DataFormat get_dataformat(const std::int32_t operand) {
    return ::emu::kernel::cb_data_formats_table[operand];
}
