// Newer include path of compute_kernel_api.h; same functions.
#pragma once

#include "compute_kernel_api.h"
