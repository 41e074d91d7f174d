// Newer include path (api/compute/common.h) of compute_kernel_api/common.h; same functions.
#pragma once

#include "compute_kernel_api/common.h"
