// Compatibility shim: fmt >= 11 has <fmt/base.h>, which tt-metal sources include; Debian's fmt 9 calls it core.h.
#pragma once
#include <fmt/core.h>
#include <fmt/format.h>
