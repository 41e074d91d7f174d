// Newer include path (api/compute/eltwise_unary/comp.h) of compute_kernel_api/eltwise_unary/comp.h; same functions.
#pragma once

#include "compute_kernel_api/eltwise_unary/comp.h"
