// Program: the kernels, circular buffers, semaphores and runtime args of one launch. Move-only; the
// content lives in the emulator library (emu::ProgramState).
#pragma once

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
    emu::ProgramState& state() const { return *state_; }

private:
    std::unique_ptr<emu::ProgramState> state_;
};

}  // namespace tt::tt_metal
