// Newer include path (api/compute/eltwise_unary/sfpu_split_includes.h) of compute_kernel_api/eltwise_unary/sfpu_split_includes.h; same functions.
#pragma once

#include "compute_kernel_api/eltwise_unary/sfpu_split_includes.h"
