// Program-building host API: CreateProgram, CreateKernel(FromString), circular buffers, semaphores and
// runtime args. Only records definitions in emu::ProgramState (validated early, with clear messages);
// nothing runs here.
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <system_error>

#include <fmt/format.h>
#include <tt-metalium/host_api.hpp>
#include <tt_stl/assert.hpp>

#include "emu/fault.hpp"
#include "device_state.hpp"
#include "program_state.hpp"

namespace emu {

const char* role_name(KernelRole role) {
    switch (role) {
        case KernelRole::Writer: return "writer (RISCV_0/BRISC)";
        case KernelRole::Reader: return "reader (RISCV_1/NCRISC)";
        case KernelRole::Compute: return "compute";
    }
    return "?";
}

namespace {

std::filesystem::path resolve_kernel_path(const std::string& file_name) {
    namespace fs = std::filesystem;
    std::error_code error;
    const fs::path given(file_name);
    std::vector<fs::path> tried;
    auto found = [&](const fs::path& candidate) {
        tried.push_back(candidate);
        return fs::is_regular_file(candidate, error);
    };
    if (given.is_absolute()) {
        if (found(given)) return given;
    } else {
        // tt-metal's order: the current directory, $TT_METAL_KERNEL_PATH, the system kernel directory, then
        // the runtime root ($TT_METAL_RUNTIME_ROOT, else $TT_METAL_HOME).
        if (found(fs::current_path() / given)) return fs::absolute(given);
        std::vector<fs::path> roots;
        const auto root_from = [&](const char* variable) {
            const char* value = std::getenv(variable);
            if (value != nullptr && *value != '\0') roots.emplace_back(value);
            return value != nullptr && *value != '\0';
        };
        root_from("TT_METAL_KERNEL_PATH");
        roots.emplace_back("/usr/share/tenstorrent/kernels");
        if (!root_from("TT_METAL_RUNTIME_ROOT")) root_from("TT_METAL_HOME");
        for (const auto& root : roots) {
            if (found(root / given)) return root / given;
        }
    }
    std::string places;
    for (const auto& path : tried) places += "\n  " + path.string();
    throw Fault("missing kernel file",
                fmt::format("kernel source '{}' not found; looked at:{}\n(relative paths resolve against the current "
                            "directory, then $TT_METAL_KERNEL_PATH, /usr/share/tenstorrent/kernels, then "
                            "$TT_METAL_RUNTIME_ROOT or $TT_METAL_HOME)",
                            file_name, places));
}

CoreRangeSet to_core_range_set(const std::variant<CoreCoord, tt::tt_metal::CoreRange, CoreRangeSet>& spec) {
    return std::visit([](const auto& value) { return CoreRangeSet(value); }, spec);
}

std::vector<CoreCoord> cores_of(const CoreRangeSet& set) {
    std::vector<CoreCoord> cores;
    for (const auto& range : set.ranges()) {
        for (const auto& core : range) cores.push_back(core);
    }
    return cores;
}

std::string opt_flag(tt::tt_metal::KernelBuildOptLevel level) {
    using tt::tt_metal::KernelBuildOptLevel;
    switch (level) {
        case KernelBuildOptLevel::O0: return "-O0";
        case KernelBuildOptLevel::O1: return "-O1";
        case KernelBuildOptLevel::O2: return "-O2";
        case KernelBuildOptLevel::O3: return "-O3";
        case KernelBuildOptLevel::Os: return "-Os";
        case KernelBuildOptLevel::Ofast: return "-O3";
        case KernelBuildOptLevel::Oz: return "-Os";
    }
    return "-O2";
}

tt::tt_metal::KernelHandle add_kernel(tt::tt_metal::Program& program, std::unique_ptr<KernelDefinition> kernel,
                                      const std::variant<tt::tt_metal::DataMovementConfig, tt::tt_metal::ComputeConfig,
                                                         tt::tt_metal::EthernetConfig>& config) {
    using namespace tt::tt_metal;
    if (const auto* dm = std::get_if<DataMovementConfig>(&config)) {
        TT_FATAL(dm->processor == DataMovementProcessor::RISCV_0 || dm->processor == DataMovementProcessor::RISCV_1,
                 "Data movement kernel '{}' must run on RISCV_0 or RISCV_1", kernel->name);
        kernel->role = dm->processor == DataMovementProcessor::RISCV_0 ? KernelRole::Writer : KernelRole::Reader;
        kernel->noc = static_cast<std::uint8_t>(dm->noc);
        kernel->compile_args = dm->compile_args;
        kernel->defines = dm->defines;
        kernel->named_compile_args = dm->named_compile_args;
        kernel->opt_level = opt_flag(dm->opt_level);
    } else if (const auto* compute = std::get_if<ComputeConfig>(&config)) {
        kernel->role = KernelRole::Compute;
        kernel->compile_args = compute->compile_args;
        kernel->defines = compute->defines;
        kernel->named_compile_args = compute->named_compile_args;
        kernel->opt_level = opt_flag(compute->opt_level);
        kernel->compute.fp32_dest_acc_en = compute->fp32_dest_acc_en;
        kernel->compute.dst_full_sync_en = compute->dst_full_sync_en;
        kernel->compute.math_fidelity = static_cast<std::uint8_t>(compute->math_fidelity);
        kernel->compute.math_approx_mode = compute->math_approx_mode;
    } else {
        TT_THROW("Ethernet kernels are not emulated (kernel '{}')", kernel->name);
    }
    auto& state = program.state();
    for (const auto& other : state.kernels) {
        if (other->role != kernel->role) continue;
        for (const auto& range : kernel->cores.ranges()) {
            TT_FATAL(!other->cores.intersects(range),
                     "Kernel '{}' cannot be placed on cores {}: {} kernel '{}' already runs on some of them",
                     kernel->name, kernel->cores.str(), role_name(kernel->role), other->name);
        }
    }
    state.kernels.push_back(std::move(kernel));
    return static_cast<KernelHandle>(state.kernels.size() - 1);
}

KernelDefinition& kernel_of(const tt::tt_metal::Program& program, tt::tt_metal::KernelHandle handle) {
    auto& kernels = program.state().kernels;
    TT_FATAL(handle < kernels.size(), "Kernel handle {} does not exist in this program ({} kernels)", handle,
             kernels.size());
    return *kernels[handle];
}

void set_core_args(KernelDefinition& kernel, const CoreCoord& core, std::span<const std::uint32_t> args) {
    TT_FATAL(kernel.cores.contains(core), "Cannot set runtime args for kernel '{}' on core {}: the kernel does not "
             "run there (it runs on {})", kernel.name, core.str(), kernel.cores.str());
    TT_FATAL(args.size() + kernel.common_args.size() <= tt::tt_metal::max_runtime_args,
             "{} unique + {} common runtime args for kernel '{}' on core {} exceed the limit of {}", args.size(),
             kernel.common_args.size(), kernel.name, core.str(), tt::tt_metal::max_runtime_args);
    auto& slot = kernel.runtime_args[core];
    if (!slot) slot = std::make_unique<KernelDefinition::CoreArgs>();
    slot->values.assign(args.begin(), args.end());
    slot->view = {slot->values.data(), slot->values.size()};
}

std::atomic<std::uint64_t> next_program_id{1};

}  // namespace
}  // namespace emu

namespace tt::tt_metal {

Program::Program() : state_(std::make_unique<emu::ProgramState>()) { state_->id = emu::next_program_id++; }
Program::~Program() = default;
Program::Program(Program&& other) noexcept = default;
Program& Program::operator=(Program&& other) noexcept = default;
std::uint64_t Program::get_id() const { return state_->id; }

Program CreateProgram() { return Program(); }

KernelHandle CreateKernel(Program& program, const std::string& file_name,
                          const std::variant<CoreCoord, CoreRange, CoreRangeSet>& core_spec,
                          const std::variant<DataMovementConfig, ComputeConfig, EthernetConfig>& config) {
    auto kernel = std::make_unique<emu::KernelDefinition>();
    kernel->name = file_name;
    kernel->source_path = emu::resolve_kernel_path(file_name);
    kernel->cores = emu::to_core_range_set(core_spec);
    return emu::add_kernel(program, std::move(kernel), config);
}

KernelHandle CreateKernelFromString(Program& program, const std::string& kernel_src_code,
                                    const std::variant<CoreCoord, CoreRange, CoreRangeSet>& core_spec,
                                    const std::variant<DataMovementConfig, ComputeConfig, EthernetConfig>& config) {
    auto kernel = std::make_unique<emu::KernelDefinition>();
    kernel->name = fmt::format("<kernel from string #{}>", program.state().kernels.size());
    kernel->source_text = kernel_src_code;
    kernel->cores = emu::to_core_range_set(core_spec);
    return emu::add_kernel(program, std::move(kernel), config);
}

CBHandle CreateCircularBuffer(Program& program, const std::variant<CoreCoord, CoreRange, CoreRangeSet>& core_spec,
                              const CircularBufferConfig& config) {
    auto cores = emu::to_core_range_set(core_spec);
    TT_FATAL(!config.buffer_indices().empty(), "Circular buffer config names no buffer index");
    for (auto index : config.buffer_indices()) {
        TT_FATAL(config.data_formats()[index].has_value(), "Circular buffer index {} has no data format", index);
        TT_FATAL(config.page_sizes()[index].has_value(), "Circular buffer index {} has no page size (call "
                 "set_page_size)", index);
        const auto page_size = *config.page_sizes()[index];
        TT_FATAL(page_size > 0 && config.total_size() % page_size == 0,
                 "Total circular buffer size {} B must be divisible by page size {} B (index {})", config.total_size(),
                 page_size, index);
    }
    for (const auto& existing : program.state().circular_buffers) {
        for (auto index : config.buffer_indices()) {
            if (existing->config.buffer_indices().count(index) == 0) continue;
            for (const auto& range : cores.ranges()) {
                TT_FATAL(!existing->cores.intersects(range), "Invalid circular buffer index: cannot add circular "
                         "buffer at index {} on cores {}: another circular buffer already uses it there", index,
                         cores.str());
            }
        }
    }
    if (const Buffer* global = config.globally_allocated_buffer()) {
        TT_FATAL(global->is_allocated(), "Circular buffer is placed on a deallocated L1 buffer");
    }
    auto& cbs = program.state().circular_buffers;
    cbs.push_back(std::make_unique<emu::CircularBufferDefinition>(emu::CircularBufferDefinition{cores, config}));
    return static_cast<CBHandle>(cbs.size() - 1);
}

namespace {
emu::CircularBufferDefinition& cb_of(Program& program, CBHandle handle) {
    auto& cbs = program.state().circular_buffers;
    TT_FATAL(handle < cbs.size(), "Circular buffer handle {} does not exist in this program", handle);
    return *cbs[handle];
}
}  // namespace

const CircularBufferConfig& GetCircularBufferConfig(Program& program, CBHandle cb_handle) {
    return cb_of(program, cb_handle).config;
}
void UpdateCircularBufferTotalSize(Program& program, CBHandle cb_handle, std::uint32_t total_size) {
    cb_of(program, cb_handle).config.set_total_size(total_size);
}
void UpdateCircularBufferPageSize(Program& program, CBHandle cb_handle, std::uint8_t buffer_index,
                                  std::uint32_t page_size) {
    cb_of(program, cb_handle).config.set_page_size(buffer_index, page_size);
}
void UpdateDynamicCircularBufferAddress(Program& program, CBHandle cb_handle, const Buffer& buffer) {
    cb_of(program, cb_handle).config.set_globally_allocated_address(buffer);
}

std::uint32_t CreateSemaphore(Program& program, const std::variant<CoreRange, CoreRangeSet>& core_spec,
                              std::uint32_t initial_value, CoreType core_type) {
    TT_FATAL(core_type == CoreType::WORKER || core_type == CoreType::TENSIX, "Only worker-core semaphores are emulated");
    CoreRangeSet cores = std::visit([](const auto& value) { return CoreRangeSet(value); }, core_spec);
    auto& semaphores = program.state().semaphores;
    for (std::uint32_t id = 0; id < emu::kMaxSemaphoresPerCore; ++id) {
        bool taken = false;
        for (const auto& existing : semaphores) {
            if (existing.id != id) continue;
            for (const auto& range : cores.ranges()) taken = taken || existing.cores.intersects(range);
        }
        if (!taken) {
            semaphores.push_back({cores, id, initial_value});
            return id;
        }
    }
    TT_THROW("Cannot create semaphore on cores {}: all {} semaphores are in use", cores.str(),
             emu::kMaxSemaphoresPerCore);
}

void SetRuntimeArgs(const Program& program, KernelHandle kernel,
                    const std::variant<CoreCoord, CoreRange, CoreRangeSet>& core_spec,
                    stl::Span<const std::uint32_t> runtime_args) {
    auto& definition = emu::kernel_of(program, kernel);
    for (const auto& core : emu::cores_of(emu::to_core_range_set(core_spec))) {
        emu::set_core_args(definition, core, runtime_args);
    }
}
void SetRuntimeArgs(const Program& program, KernelHandle kernel,
                    const std::variant<CoreCoord, CoreRange, CoreRangeSet>& core_spec,
                    std::initializer_list<std::uint32_t> runtime_args) {
    SetRuntimeArgs(program, kernel, core_spec, stl::Span<const std::uint32_t>(runtime_args.begin(), runtime_args.size()));
}
void SetRuntimeArgs(const Program& program, KernelHandle kernel, const std::vector<CoreCoord>& core_spec,
                    const std::vector<std::vector<std::uint32_t>>& runtime_args) {
    TT_FATAL(core_spec.size() == runtime_args.size(), "Mismatch between number of cores {} and number of runtime "
             "args {} getting updated", core_spec.size(), runtime_args.size());
    auto& definition = emu::kernel_of(program, kernel);
    for (std::size_t i = 0; i < core_spec.size(); ++i) emu::set_core_args(definition, core_spec[i], runtime_args[i]);
}
void SetCommonRuntimeArgs(const Program& program, KernelHandle kernel_id, stl::Span<const std::uint32_t> runtime_args) {
    auto& definition = emu::kernel_of(program, kernel_id);
    std::size_t most_unique = 0;
    for (const auto& [core, args] : definition.runtime_args) most_unique = std::max(most_unique, args->values.size());
    TT_FATAL(runtime_args.size() + most_unique <= max_runtime_args, "{} common + {} unique runtime args for kernel "
             "'{}' exceed the limit of {}", runtime_args.size(), most_unique, definition.name, max_runtime_args);
    definition.common_args.assign(runtime_args.begin(), runtime_args.end());
    definition.common_view = {definition.common_args.data(), definition.common_args.size()};
}
void SetCommonRuntimeArgs(const Program& program, KernelHandle kernel_id,
                          std::initializer_list<std::uint32_t> runtime_args) {
    SetCommonRuntimeArgs(program, kernel_id, stl::Span<const std::uint32_t>(runtime_args.begin(), runtime_args.size()));
}
RuntimeArgsData& GetRuntimeArgs(const Program& program, KernelHandle kernel_id, const CoreCoord& logical_core) {
    auto& definition = emu::kernel_of(program, kernel_id);
    auto& slot = definition.runtime_args[logical_core];
    if (!slot) {
        TT_FATAL(definition.cores.contains(logical_core), "Kernel '{}' does not run on core {}", definition.name,
                 logical_core.str());
        slot = std::make_unique<emu::KernelDefinition::CoreArgs>();
        slot->view = {slot->values.data(), 0};
    }
    return slot->view;
}
std::vector<std::vector<RuntimeArgsData>>& GetRuntimeArgs(const Program& program, KernelHandle kernel_id) {
    auto& definition = emu::kernel_of(program, kernel_id);
    auto box = definition.cores.bounding_box();
    definition.grid_views.assign(box.end_coord.x + 1, std::vector<RuntimeArgsData>(box.end_coord.y + 1));
    for (auto& [core, args] : definition.runtime_args) definition.grid_views[core.x][core.y] = args->view;
    return definition.grid_views;
}
RuntimeArgsData& GetCommonRuntimeArgs(const Program& program, KernelHandle kernel_id) {
    auto& definition = emu::kernel_of(program, kernel_id);
    definition.common_view = {definition.common_args.data(), definition.common_args.size()};
    return definition.common_view;
}

}  // namespace tt::tt_metal
