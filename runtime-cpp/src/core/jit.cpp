// JIT kernel builds with a content-addressed cache (see jit.hpp). A cached .so is reused only while every
// file the compiler read for it (kernel source, its includes, our headers) still hashes the same.
#include "jit.hpp"

#include <dlfcn.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "emu/fault.hpp"

extern char** environ;

namespace emu {

namespace {

namespace fs = std::filesystem;

std::uint64_t fnv1a(std::string_view data, std::uint64_t hash = 1469598103934665603ull) {
    for (unsigned char c : data) {
        hash ^= c;
        hash *= 1099511628211ull;
    }
    return hash;
}

std::string read_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

void write_text_atomically(const fs::path& path, const std::string& text) {
    fs::path temporary = path;
    temporary += fmt::format(".tmp{}", ::getpid());
    {
        std::ofstream out(temporary, std::ios::binary);
        out << text;
    }
    fs::rename(temporary, path);
}

std::string compiler() {
    const char* chosen = std::getenv("TT_EMU_CXX");
    return chosen != nullptr && *chosen != '\0' ? chosen : "g++";
}

std::vector<std::string> extra_flags() {
    std::vector<std::string> flags;
    if (const char* value = std::getenv("TT_EMU_KERNEL_CXXFLAGS")) {
        std::istringstream words(value);
        for (std::string word; words >> word;) flags.push_back(word);
    }
    return flags;
}

// Make-style dependency file -> list of paths.
std::vector<std::string> parse_make_deps(const std::string& text) {
    std::vector<std::string> paths;
    auto colon = text.find(": ");
    if (colon == std::string::npos) return paths;
    std::istringstream words(text.substr(colon + 2));
    for (std::string word; words >> word;) {
        if (word != "\\") paths.push_back(word);
    }
    return paths;
}

// "<hash> <path>" per line.
std::string describe_dependencies(const std::vector<std::string>& paths) {
    std::string out;
    for (const auto& path : paths) out += fmt::format("{:016x} {}\n", fnv1a(read_text(path)), path);
    return out;
}

bool dependencies_unchanged(const fs::path& deps_file) {
    std::ifstream in(deps_file);
    if (!in) return false;
    std::string hash_text, path;
    while (in >> hash_text >> path) {
        std::error_code error;
        if (!fs::exists(path, error)) return false;
        if (fmt::format("{:016x}", fnv1a(read_text(path))) != hash_text) return false;
    }
    return true;
}

// Within one process a kernel whose dependencies were hashed once is re-validated by stat() alone: every
// launch used to re-read and hash every header the compiler had read (about a sixth of a small program's
// run time). A changed size or modification time falls back to the full hash check.
struct FileStamp {
    std::string path;
    std::int64_t mtime_ns;
    std::int64_t size;
};
std::optional<FileStamp> stamp_of(const std::string& path) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) return std::nullopt;
    return FileStamp{path, std::int64_t{info.st_mtim.tv_sec} * 1000000000 + info.st_mtim.tv_nsec,
                     static_cast<std::int64_t>(info.st_size)};
}
std::mutex verified_mutex;
std::unordered_map<std::string, std::vector<FileStamp>> verified_stamps;  // .so path -> its dependencies

// stat() results within one build_kernels call: a launch's kernels include mostly the same ~200 headers, and a
// launch of 50 cores asks for 150 kernels.
using StampCache = std::unordered_map<std::string, std::optional<FileStamp>>;

bool stamps_unchanged(const std::string& so_path, StampCache& seen) {
    std::lock_guard lock(verified_mutex);
    auto it = verified_stamps.find(so_path);
    if (it == verified_stamps.end()) return false;
    for (const auto& stamp : it->second) {
        auto [cached, inserted] = seen.try_emplace(stamp.path);
        if (inserted) cached->second = stamp_of(stamp.path);
        const auto& now = cached->second;
        if (!now || now->mtime_ns != stamp.mtime_ns || now->size != stamp.size) return false;
    }
    return true;
}

void remember_stamps(const std::string& so_path, const fs::path& deps_file) {
    std::vector<FileStamp> stamps;
    std::ifstream in(deps_file);
    std::string hash_text, path;
    while (in >> hash_text >> path) {
        auto stamp = stamp_of(path);
        if (!stamp) return;
        stamps.push_back(*stamp);
    }
    std::lock_guard lock(verified_mutex);
    verified_stamps[so_path] = std::move(stamps);
}

int run_process(const std::vector<std::string>& args, const fs::path& log) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    std::vector<char*> argv;
    for (const auto& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    pid_t pid = 0;
    int spawned = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0) return -1000 - spawned;
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::mutex loaded_mutex;
std::unordered_map<std::string, KernelEntry> loaded_entries;

// Kernels resolve emu::kernel::* from this library. A host that loaded it as the dependency of an
// RTLD_LOCAL object (a Python extension module, a plugin) keeps those symbols out of the global
// scope, so this library promotes itself to RTLD_GLOBAL before the first kernel is loaded.
void make_library_symbols_global() {
    static const bool promoted = [] {
        Dl_info info{};
        if (dladdr(reinterpret_cast<void*>(&make_library_symbols_global), &info) == 0 || info.dli_fname == nullptr) {
            return false;
        }
        return dlopen(info.dli_fname, RTLD_NOW | RTLD_NOLOAD | RTLD_GLOBAL) != nullptr;
    }();
    (void)promoted;
}

KernelEntry load_entry(const fs::path& so_path, const std::string& display_name) {
    std::lock_guard lock(loaded_mutex);
    if (auto it = loaded_entries.find(so_path.string()); it != loaded_entries.end()) return it->second;
    make_library_symbols_global();
    void* handle = dlopen(so_path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
        throw Fault("kernel compile error", fmt::format("kernel '{}' compiled but cannot be loaded: {}", display_name,
                                                        dlerror()));
    }
    auto entry = reinterpret_cast<KernelEntry>(dlsym(handle, "emu_kernel_entry"));
    if (entry == nullptr) {
        throw Fault("kernel compile error", fmt::format("kernel '{}' has no emu_kernel_entry symbol", display_name));
    }
    loaded_entries.emplace(so_path.string(), entry);
    return entry;
}

}  // namespace

fs::path kernel_cache_dir() {
    if (const char* dir = std::getenv("TT_EMU_CACHE_DIR"); dir != nullptr && *dir != '\0') return dir;
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg != nullptr && *xdg != '\0') {
        return fs::path(xdg) / "tt-metal-emulator";
    }
    const char* home = std::getenv("HOME");
    return fs::path(home != nullptr ? home : "/tmp") / ".cache" / "tt-metal-emulator";
}

fs::path kernel_include_dir() {
    if (const char* dir = std::getenv("TT_EMU_KERNEL_INCLUDE"); dir != nullptr && *dir != '\0') return dir;
    std::error_code error;
    if (fs::is_directory(EMU_INSTALLED_KERNEL_INCLUDE_DIR, error)) return EMU_INSTALLED_KERNEL_INCLUDE_DIR;
    return EMU_SOURCE_KERNEL_INCLUDE_DIR;
}

// The host headers (<tt-metalium/constants.hpp>, ...): tt-metal's JIT puts them on kernels' include path too.
// Searched after the device headers, so a kernel-side header of the same name wins.
fs::path host_include_dir_for(const fs::path& kernel_include) {
    std::error_code error;
    if (kernel_include == fs::path(EMU_SOURCE_KERNEL_INCLUDE_DIR)) return EMU_SOURCE_HOST_INCLUDE_DIR;
    if (fs::is_directory(EMU_INSTALLED_HOST_INCLUDE_DIR, error)) return EMU_INSTALLED_HOST_INCLUDE_DIR;
    return EMU_SOURCE_HOST_INCLUDE_DIR;
}

std::vector<KernelEntry> build_kernels(const std::vector<KernelBuildRequest>& requests) {
    const fs::path cache = kernel_cache_dir();
    std::error_code error;
    fs::create_directories(cache, error);
    if (error) {
        throw Fault("kernel compile error", fmt::format("cannot create kernel cache directory {}: {}", cache.string(),
                                                        error.message()));
    }
    const fs::path include_dir = kernel_include_dir();
    const fs::path host_include_dir = host_include_dir_for(include_dir);
    const auto flags = extra_flags();

    struct Job {
        const KernelBuildRequest* request;
        fs::path so_path;
        std::vector<std::string> command;
        std::string failure;
    };
    std::vector<Job> jobs;
    std::vector<fs::path> so_paths;
    StampCache stamps_seen;
    std::unordered_set<std::string> up_to_date;  // .so files checked in this call
    for (const auto& request : requests) {
        std::string key_text = compiler() + "\n" + request.opt_level + "\n" + include_dir.string() + "\n" +
                               host_include_dir.string() + "\n" +
                               request.source_dir.string() + "\n" + request.wrapper_source;
        for (const auto& flag : flags) key_text += "\n" + flag;
        const std::string key = fmt::format("{:016x}", fnv1a(key_text));
        const fs::path so_path = cache / (key + ".so");
        so_paths.push_back(so_path);
        fs::path deps = cache / (key + ".deps");
        if (up_to_date.count(so_path.string()) != 0) continue;
        if (stamps_unchanged(so_path.string(), stamps_seen)) {
            up_to_date.insert(so_path.string());
            continue;
        }
        if (fs::exists(so_path, error) && dependencies_unchanged(deps)) {
            remember_stamps(so_path.string(), deps);
            up_to_date.insert(so_path.string());
            continue;
        }
        bool already_queued = false;
        for (const auto& job : jobs) already_queued = already_queued || job.so_path == so_path;
        if (already_queued) continue;
        jobs.push_back({&request, so_path, {}, {}});
    }

    std::atomic<std::size_t> next_job{0};
    auto worker = [&]() {
        for (std::size_t index = next_job++; index < jobs.size(); index = next_job++) {
            Job& job = jobs[index];
            const fs::path stem = job.so_path.parent_path() / job.so_path.stem();
            const std::string unique = fmt::format(".{}.{}", ::getpid(), index);
            const fs::path source = fs::path(stem.string() + ".cpp");
            const fs::path temporary_so = fs::path(stem.string() + unique + ".so");
            const fs::path make_deps = fs::path(stem.string() + unique + ".d");
            const fs::path log = fs::path(stem.string() + unique + ".log");
            write_text_atomically(source, job.request->wrapper_source);
            std::vector<std::string> command = {compiler(), "-std=c++20", job.request->opt_level, "-fPIC", "-shared",
                                                "-fvisibility=hidden", "-DTT_METAL_EMULATOR=1",
                                                "-I" + include_dir.string(), "-I" + job.request->source_dir.string(),
                                                "-idirafter", host_include_dir.string(),
                                                "-MD", "-MF", make_deps.string(), "-o", temporary_so.string(),
                                                source.string()};
            command.insert(command.end() - 1, flags.begin(), flags.end());
            const int status = run_process(command, log);
            std::error_code ignored;
            if (status != 0) {
                std::string command_line;
                for (const auto& part : command) command_line += part + " ";
                job.failure = fmt::format("kernel '{}' failed to compile (exit status {}).\ncommand: {}\n"
                                          "compiler output:\n{}",
                                          job.request->display_name, status, command_line, read_text(log));
                fs::remove(temporary_so, ignored);
            } else {
                write_text_atomically(fs::path(stem.string() + ".deps"),
                                      describe_dependencies(parse_make_deps(read_text(make_deps))));
                fs::rename(temporary_so, job.so_path, ignored);
                remember_stamps(job.so_path.string(), fs::path(stem.string() + ".deps"));
            }
            fs::remove(make_deps, ignored);
            fs::remove(log, ignored);
        }
    };
    std::vector<std::thread> workers;
    for (std::size_t i = 0; i < std::min<std::size_t>(2, jobs.size()); ++i) workers.emplace_back(worker);
    for (auto& thread : workers) thread.join();
    for (const auto& job : jobs) {
        if (!job.failure.empty()) throw Fault("kernel compile error", job.failure);
    }

    std::vector<KernelEntry> entries;
    for (std::size_t i = 0; i < requests.size(); ++i) entries.push_back(load_entry(so_paths[i], requests[i].display_name));
    return entries;
}

}  // namespace emu
