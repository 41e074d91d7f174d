// Newer include path (api/compute/transpose_wh.h) of compute_kernel_api/transpose_wh.h; same functions.
#pragma once

#include "compute_kernel_api/transpose_wh.h"
