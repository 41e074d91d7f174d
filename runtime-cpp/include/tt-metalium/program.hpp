// Program: the kernels, circular buffers, semaphores and runtime args of one launch. Move-only; the
// content lives in the emulator library (emu::ProgramState).
#pragma once

#include <cstdint>
#include <memory>

namespace emu {
struct ProgramState;
}

namespace tt::tt_metal {

class Program {
public:
    Program();
    ~Program();
    Program(Program&& other) noexcept;
    Program& operator=(Program&& other) noexcept;
    Program(const Program&) = delete;
    Program& operator=(const Program&) = delete;

    std::uint64_t get_id() const;
    // A user-chosen id (tt-metal uses it to tag profiler and watcher output); the emulator only stores it.
    void set_runtime_id(std::uint64_t id) { runtime_id_ = id; }
    std::uint64_t get_runtime_id() const { return runtime_id_; }
    emu::ProgramState& state() const { return *state_; }

private:
    std::unique_ptr<emu::ProgramState> state_;
    std::uint64_t runtime_id_ = 0;
};

}  // namespace tt::tt_metal
