// Newer include path (api/compute/matmul.h) of compute_kernel_api/matmul.h; same functions.
#pragma once

#include "compute_kernel_api/matmul.h"
