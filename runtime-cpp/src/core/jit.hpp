// Just-in-time kernel builds: a generated wrapper (prelude with compile-time args, defines and genfiles
// constants, then the kernel source, then an extern "C" entry) compiled by g++ into a cached .so and
// dlopen'ed. Knows nothing about threads or device memory.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace emu {

using KernelEntry = int (*)();

struct KernelBuildRequest {
    std::string display_name;          // for messages: the kernel path as the host gave it
    std::string wrapper_source;        // complete translation unit to compile
    std::filesystem::path source_dir;  // kernel's own directory (added to the include path)
    std::string opt_level;             // "-O2", ...
};

// Builds (or finds in the cache) every request, two compiler jobs at a time, and returns entry points in
// request order. A failed build throws emu::Fault("kernel compile error") with the compiler's output.
std::vector<KernelEntry> build_kernels(const std::vector<KernelBuildRequest>& requests);

// Directory the cache lives in ($TT_EMU_CACHE_DIR, else ${XDG_CACHE_HOME:-$HOME/.cache}/tt-metal-emulator).
std::filesystem::path kernel_cache_dir();
// Directory of the device-side headers ($TT_EMU_KERNEL_INCLUDE, else the installed or source tree).
std::filesystem::path kernel_include_dir();

}  // namespace emu
