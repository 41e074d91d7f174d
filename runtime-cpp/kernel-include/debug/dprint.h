// Pre-2025-12 include path of DPRINT; forwards to api/debug/dprint.h.
#pragma once
#include "api/debug/dprint.h"
