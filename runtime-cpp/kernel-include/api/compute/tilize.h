// Newer include path (api/compute/tilize.h) of compute_kernel_api/tilize.h; same functions.
#pragma once

#include "compute_kernel_api/tilize.h"
