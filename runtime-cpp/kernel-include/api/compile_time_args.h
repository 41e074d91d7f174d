// tt-metal's compile-time-argument header; in the emulator these live in emu/kernel_common.h.
#pragma once
#include "emu/kernel_common.h"
