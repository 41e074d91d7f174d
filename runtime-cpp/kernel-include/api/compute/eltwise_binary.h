// Newer include path (api/compute/eltwise_binary.h) of compute_kernel_api/eltwise_binary.h; same functions.
#pragma once

#include "compute_kernel_api/eltwise_binary.h"
