// Newer include path (api/compute/eltwise_unary/binop_with_scalar.h) of compute_kernel_api/eltwise_unary/binop_with_scalar.h; same functions.
#pragma once

#include "compute_kernel_api/eltwise_unary/binop_with_scalar.h"
