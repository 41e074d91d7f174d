"""Runs a molegen-generated Python module on .npy files, as `molegen verify --python` needs it.

    python3 run_module.py --module-dir DIR --module NAME --x x.npy --marks marks.npy --out y.npy
                          [--gates gates.npy] [--iters N] [--warmup W]

Imports NAME from DIR, opens one Model, calls forward W + N times on the same inputs, writes the
last forecast (and its gates) and prints the C++ runner's two timing lines, so that both are read
the same way. A rejected input or a device fault prints `error: ...` and exits 1.
"""

import argparse
import importlib
import sys
import time

import numpy as np


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--module-dir", required=True)
    parser.add_argument("--module", required=True)
    parser.add_argument("--x", required=True)
    parser.add_argument("--marks", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--gates")
    parser.add_argument("--iters", type=int, default=1)
    parser.add_argument("--warmup", type=int, default=0)
    args = parser.parse_args()

    sys.path.insert(0, args.module_dir)
    module = importlib.import_module(args.module)
    x = np.load(args.x)
    # A router on window statistics takes no time features.
    marks = np.load(args.marks) if module.marks_shape is not None else None

    try:
        with module.Model() as model:
            for _ in range(args.warmup):
                model.forward(x, marks)
            latencies_ms = []
            for _ in range(max(1, args.iters)):
                start = time.perf_counter()
                y = model.forward(x, marks)
                latencies_ms.append((time.perf_counter() - start) * 1000.0)
            gates = model.gates() if args.gates else None
    except (TypeError, ValueError, RuntimeError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1

    np.save(args.out, y)
    if gates is not None:
        np.save(args.gates, gates)
    latencies_ms.sort()
    median = latencies_ms[len(latencies_ms) // 2]
    batch = module.x_shape[0]
    print(f"latency_ms median={median:.3f} min={latencies_ms[0]:.3f} max={latencies_ms[-1]:.3f} iters={len(latencies_ms)}")
    print(f"throughput_seq_per_s={1000.0 * batch / median:.1f} batch={batch}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
