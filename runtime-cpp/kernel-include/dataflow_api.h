// Pre-2025-12 include path of the dataflow API; forwards to api/dataflow/dataflow_api.h.
#pragma once
#include "api/dataflow/dataflow_api.h"
