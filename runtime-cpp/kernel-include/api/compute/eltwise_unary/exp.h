// Newer include path (api/compute/eltwise_unary/exp.h) of compute_kernel_api/eltwise_unary/exp.h; same functions.
#pragma once

#include "compute_kernel_api/eltwise_unary/exp.h"
