// Newer include path (api/compute/eltwise_binary_sfpu.h) of compute_kernel_api/eltwise_binary_sfpu.h; same functions.
#pragma once

#include "compute_kernel_api/eltwise_binary_sfpu.h"
