// Newer include path (api/compute/eltwise_unary/recip.h) of compute_kernel_api/eltwise_unary/recip.h; same functions.
#pragma once

#include "compute_kernel_api/eltwise_unary/recip.h"
