// Newer include path (api/compute/pack.h) of compute_kernel_api/pack.h; same functions.
#pragma once

#include "compute_kernel_api/pack.h"
