"""Times forward() calls of a generated Python module for bench/python-vs-runner.ts.

    python3 python_forward.py MODULE_DIR MODULE_NAME x.npy marks.npy CALLS

Opens one Model, calls forward CALLS times on the same numpy inputs and prints one JSON object:
milliseconds to open the Model, each call's milliseconds, and the resident set size after the
first 5 calls and after the last (to show that repeated calls do not grow memory).
"""

import importlib
import json
import sys
import time

import numpy as np


def rss_kib() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * 4096 // 1024


def main() -> int:
    module_dir, module_name, x_path, marks_path, calls = sys.argv[1:6]
    sys.path.insert(0, module_dir)
    module = importlib.import_module(module_name)
    x = np.load(x_path)
    marks = np.load(marks_path) if module.marks_shape is not None else None
    out = np.empty(module.y_shape, dtype=np.float32)

    start = time.perf_counter()
    with module.Model() as model:
        open_ms = (time.perf_counter() - start) * 1000.0
        call_ms = []
        rss_after_warmup = 0
        for call in range(int(calls)):
            begin = time.perf_counter()
            model.forward(x, marks, out=out)
            call_ms.append((time.perf_counter() - begin) * 1000.0)
            if call == 4:
                rss_after_warmup = rss_kib()
        rss_after = rss_kib()
    print(json.dumps({"open_ms": open_ms, "call_ms": call_ms, "rss_kib_after_5": rss_after_warmup, "rss_kib_after_all": rss_after}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
