// TT_THROW / TT_FATAL / TT_ASSERT with fmt-style messages, as in tt-metal's tt_stl/assert.hpp.
// TT_THROW and TT_FATAL always check and throw std::runtime_error naming file and line; TT_ASSERT is
// checked only when DEBUG is defined (tt-metal's release behaviour). Must not log or abort.
#pragma once

#include <stdexcept>
#include <string>
#include <utility>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace tt::assert_detail {

inline std::string format_message() { return {}; }
template <typename... Args>
std::string format_message(fmt::format_string<Args...> format, Args&&... args) {
    return fmt::format(format, std::forward<Args>(args)...);
}

[[noreturn]] inline void throw_error(const char* file, int line, const char* condition, const std::string& message) {
    std::string text = fmt::format("TT_THROW @ {}:{}: ", file, line);
    if (condition != nullptr) text += fmt::format("{} ", condition);
    if (!message.empty()) text += fmt::format("info:\n{}", message);
    throw std::runtime_error(text);
}

}  // namespace tt::assert_detail

#define TT_THROW(...) ::tt::assert_detail::throw_error(__FILE__, __LINE__, nullptr, ::tt::assert_detail::format_message(__VA_ARGS__))

#define TT_FATAL(condition, ...)                                                                              \
    do {                                                                                                      \
        if (!(condition)) [[unlikely]] {                                                                      \
            ::tt::assert_detail::throw_error(__FILE__, __LINE__, #condition,                                  \
                                             ::tt::assert_detail::format_message(__VA_ARGS__));               \
        }                                                                                                     \
    } while (0)

#ifdef DEBUG
#define TT_ASSERT(condition, ...) TT_FATAL(condition, ##__VA_ARGS__)
#else
#define TT_ASSERT(condition, ...) ((void)sizeof(condition))
#endif
