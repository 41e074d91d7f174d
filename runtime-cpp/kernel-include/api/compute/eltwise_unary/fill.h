// Newer include path (api/compute/eltwise_unary/fill.h) of compute_kernel_api/eltwise_unary/fill.h; same functions.
#pragma once

#include "compute_kernel_api/eltwise_unary/fill.h"
