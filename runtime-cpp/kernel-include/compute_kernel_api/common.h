// Base include of every compute kernel API header (tt-metal compute_kernel_api/common.h): globals,
// CB calls, DST protocol, packer, hw startup, and the runtime/compile-time argument accessors.
#pragma once

#include "compute_kernel_api/common_globals.h"
#include "compute_kernel_api/cb_api.h"
#include "compute_kernel_api/reg_api.h"
#include "compute_kernel_api/pack.h"
#include "compute_kernel_api/compute_kernel_hw_startup.h"
