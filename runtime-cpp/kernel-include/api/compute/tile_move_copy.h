// Newer include path (api/compute/tile_move_copy.h) of compute_kernel_api/tile_move_copy.h; same functions.
#pragma once

#include "compute_kernel_api/tile_move_copy.h"
