// Newer include path (api/compute/bcast.h) of compute_kernel_api/bcast.h; same functions.
#pragma once

#include "compute_kernel_api/bcast.h"
