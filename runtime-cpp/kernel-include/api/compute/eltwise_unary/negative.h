// Newer include path (api/compute/eltwise_unary/negative.h) of compute_kernel_api/eltwise_unary/negative.h; same functions.
#pragma once

#include "compute_kernel_api/eltwise_unary/negative.h"
