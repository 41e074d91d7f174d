// What a Program holds before it runs: kernel definitions (source, role, cores, compile-time config,
// runtime args), circular buffer configs and semaphores. Plain data filled by the host API; program_run.*
// turns it into a running set of kernel threads.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include <tt-metalium/circular_buffer_config.hpp>
#include <tt-metalium/core_coord.hpp>
#include <tt-metalium/runtime_args_data.hpp>

#include "emu/kernel_runtime.hpp"

namespace emu {

using tt::tt_metal::CoreCoord;
using tt::tt_metal::CoreRangeSet;

// Which of a Tensix core's threads runs the kernel. Numbered as tt-metal's RISCV_0 / RISCV_1 / compute.
enum class KernelRole : std::uint32_t { Writer = 0, Reader = 1, Compute = 2 };
const char* role_name(KernelRole role);

struct KernelDefinition {
    std::string name;                     // file name as given, or "<string kernel N>"
    std::filesystem::path source_path;    // resolved file (for string kernels: written to the cache dir)
    std::string source_text;              // non-empty for CreateKernelFromString
    KernelRole role = KernelRole::Writer;
    CoreRangeSet cores;
    std::vector<std::uint32_t> compile_args;
    std::map<std::string, std::string> defines;
    std::unordered_map<std::string, std::uint32_t> named_compile_args;
    std::string opt_level = "-O2";
    std::uint8_t noc = 0;
    kernel::ComputeSettings compute;

    // Runtime args: per core (storage + the view GetRuntimeArgs hands out) and common.
    struct CoreArgs {
        std::vector<std::uint32_t> values;
        tt::tt_metal::RuntimeArgsData view;
    };
    std::map<CoreCoord, std::unique_ptr<CoreArgs>> runtime_args;
    std::vector<std::uint32_t> common_args;
    tt::tt_metal::RuntimeArgsData common_view;
    std::vector<std::vector<tt::tt_metal::RuntimeArgsData>> grid_views;
};

struct CircularBufferDefinition {
    CoreRangeSet cores;
    tt::tt_metal::CircularBufferConfig config;
};

struct SemaphoreDefinition {
    CoreRangeSet cores;
    std::uint32_t id;
    std::uint32_t initial_value;
};

struct ProgramState {
    std::uint64_t id = 0;
    std::vector<std::unique_ptr<KernelDefinition>> kernels;
    std::vector<std::unique_ptr<CircularBufferDefinition>> circular_buffers;
    std::vector<SemaphoreDefinition> semaphores;
};

}  // namespace emu
