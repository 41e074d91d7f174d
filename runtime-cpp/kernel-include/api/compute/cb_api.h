// Newer include path (api/compute/cb_api.h) of compute_kernel_api/cb_api.h; same functions.
#pragma once

#include "compute_kernel_api/cb_api.h"
