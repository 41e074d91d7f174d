// tt::stl::Span (ttsl::Span): tt-metal's span type, here std::span. Alias only.
#pragma once

#include <cstddef>
#include <span>

namespace ttsl {
template <typename T, std::size_t Extent = std::dynamic_extent>
using Span = std::span<T, Extent>;
}  // namespace ttsl

namespace tt::stl {
using ttsl::Span;
}  // namespace tt::stl
