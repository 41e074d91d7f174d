// Newer include path (api/compute/binary_max_min.h) of compute_kernel_api/binary_max_min.h; same functions.
#pragma once

#include "compute_kernel_api/binary_max_min.h"
