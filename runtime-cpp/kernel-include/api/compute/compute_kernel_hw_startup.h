// Newer include path (api/compute/compute_kernel_hw_startup.h) of compute_kernel_api/compute_kernel_hw_startup.h; same functions.
#pragma once

#include "compute_kernel_api/compute_kernel_hw_startup.h"
