// Newer include path (api/compute/reg_api.h) of compute_kernel_api/reg_api.h; same functions.
#pragma once

#include "compute_kernel_api/reg_api.h"
