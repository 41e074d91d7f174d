"""A user's Python session with a generated module, driven by module.test.ts.

    python3 session.py MODULE_DIR MODULE_NAME IO_DIR

Opens one Model, forecasts the two batches IO_DIR/{x,marks}1.npy and {x,marks}2.npy (writing
y1/gates1 and y2/gates2 there for the test to compare with the reference interpreter), then tries
the inputs a user gets wrong, and prints what happened as one JSON object.
"""

import importlib
import json
import os
import sys
import threading

import numpy as np


def raised(call):
    try:
        call()
    except Exception as error:  # the test checks the type and the message
        return {"type": type(error).__name__, "message": str(error)}
    return None


def main() -> int:
    module_dir, module_name, io_dir = sys.argv[1:4]
    sys.path.insert(0, module_dir)
    module = importlib.import_module(module_name)
    load = lambda name: np.load(os.path.join(io_dir, name))
    report = {"module": module.__name__, "x_shape": list(module.x_shape), "y_shape": list(module.y_shape)}

    with module.Model() as model:
        for batch in ("1", "2"):
            y = model.forward(load(f"x{batch}.npy"), load(f"marks{batch}.npy"))
            report[f"y{batch}"] = {"shape": list(y.shape), "dtype": str(y.dtype)}
            np.save(os.path.join(io_dir, f"y{batch}.npy"), y)
            np.save(os.path.join(io_dir, f"gates{batch}.npy"), model.gates())

        x, marks = load("x1.npy"), load("marks1.npy")
        report["wrong_shape"] = raised(lambda: model.forward(x[:4], marks))
        report["wrong_dtype"] = raised(lambda: model.forward(x.astype(np.float64), marks))
        with_nan = x.copy()
        with_nan[3, 120, 6] = np.nan
        report["nan"] = raised(lambda: model.forward(with_nan, marks))

        # Another thread runs while forward() works on the device, because forward releases the GIL.
        # With a long switch interval, a thread can only take the GIL from this one if it is released:
        # had forward kept it, the helper would run only at join(), after `returned` is set.
        interval = sys.getswitchinterval()
        sys.setswitchinterval(1000.0)
        go = threading.Event()
        returned = [False]
        seen = []
        helper = threading.Thread(target=lambda: (go.wait(), seen.append(returned[0])))
        helper.start()
        go.set()
        model.forward(x, marks)
        returned[0] = True
        helper.join()
        sys.setswitchinterval(interval)
        report["other_thread_ran_during_forward"] = seen == [False]

    report["closed"] = model.closed
    report["after_close"] = raised(lambda: model.forward(x, marks))
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
