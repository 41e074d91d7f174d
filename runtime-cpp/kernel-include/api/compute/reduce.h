// Newer include path (api/compute/reduce.h) of compute_kernel_api/reduce.h; same functions.
#pragma once

#include "compute_kernel_api/reduce.h"
