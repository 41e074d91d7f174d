// Newer include path (api/compute/reconfig_data_format.h) of compute_kernel_api/reconfig_data_format.h; same functions.
#pragma once

#include "compute_kernel_api/reconfig_data_format.h"
