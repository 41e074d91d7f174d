// Newer include path (api/compute/eltwise_unary/rsqrt.h) of compute_kernel_api/eltwise_unary/rsqrt.h; same functions.
#pragma once

#include "compute_kernel_api/eltwise_unary/rsqrt.h"
