// tt::align: round an address up to a multiple of an alignment.
#pragma once

namespace tt {
template <typename A, typename B>
constexpr auto align(A addr, B alignment) {
    return (addr + alignment - 1) / alignment * alignment;
}
}  // namespace tt
