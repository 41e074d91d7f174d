// Newer include path (api/compute/eltwise_unary/relu.h) of compute_kernel_api/eltwise_unary/relu.h; same functions.
#pragma once

#include "compute_kernel_api/eltwise_unary/relu.h"
