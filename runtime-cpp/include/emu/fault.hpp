// The exception every emulator fault is reported with (deadlock, CB overflow/underflow, L1 overflow, NoC
// access outside memory, missing kernel file, kernel compile error, ...). what() names the culprit.
#pragma once

#include <stdexcept>
#include <string>

namespace emu {

class Fault : public std::runtime_error {
public:
    Fault(std::string category, const std::string& message)
        : std::runtime_error("emulator fault [" + category + "]: " + message),
          category_(std::move(category)),
          message_(message) {}
    const std::string& category() const { return category_; }
    // The message without the "emulator fault [category]: " prefix.
    const std::string& message() const { return message_; }

private:
    std::string category_;
    std::string message_;
};

}  // namespace emu
