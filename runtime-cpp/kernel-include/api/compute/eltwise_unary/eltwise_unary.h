// Newer include path (api/compute/eltwise_unary/eltwise_unary.h) of compute_kernel_api/eltwise_unary/eltwise_unary.h; same functions.
#pragma once

#include "compute_kernel_api/eltwise_unary/eltwise_unary.h"
