// Newer include path (api/compute/untilize.h) of compute_kernel_api/untilize.h; same functions.
#pragma once

#include "compute_kernel_api/untilize.h"
