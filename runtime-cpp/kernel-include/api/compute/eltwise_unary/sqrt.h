// Newer include path (api/compute/eltwise_unary/sqrt.h) of compute_kernel_api/eltwise_unary/sqrt.h; same functions.
#pragma once

#include "compute_kernel_api/eltwise_unary/sqrt.h"
