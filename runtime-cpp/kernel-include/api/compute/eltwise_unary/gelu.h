// Newer include path (api/compute/eltwise_unary/gelu.h) of compute_kernel_api/eltwise_unary/gelu.h; same functions.
#pragma once

#include "compute_kernel_api/eltwise_unary/gelu.h"
