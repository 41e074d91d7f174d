// RuntimeArgsData: a mutable view of one kernel's runtime args on one core (returned by GetRuntimeArgs).
#pragma once

#include <cstddef>
#include <cassert>
#include <cstdint>
#include <stdexcept>

namespace tt::tt_metal {

struct RuntimeArgsData {
    std::uint32_t* rt_args_data = nullptr;
    std::size_t rt_args_count = 0;

    std::uint32_t& operator[](std::size_t index) { return rt_args_data[index]; }
    const std::uint32_t& operator[](std::size_t index) const { return rt_args_data[index]; }
    std::uint32_t& at(std::size_t index) {
        if (index >= rt_args_count) throw std::out_of_range("RuntimeArgsData index out of range");
        return rt_args_data[index];
    }
    std::size_t size() const { return rt_args_count; }
    std::uint32_t* data() { return rt_args_data; }
    std::uint32_t* begin() { return rt_args_data; }
    std::uint32_t* end() { return rt_args_data + rt_args_count; }
};

}  // namespace tt::tt_metal
