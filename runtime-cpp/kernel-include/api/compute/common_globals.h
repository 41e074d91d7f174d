// Newer include path (api/compute/common_globals.h) of compute_kernel_api/common_globals.h; same functions.
#pragma once

#include "compute_kernel_api/common_globals.h"
