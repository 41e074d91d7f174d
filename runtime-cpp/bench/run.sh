#!/usr/bin/env bash
# Builds the emulator (its default RelWithDebInfo, -O2) and the benchmark (Release), runs it twice and prints a table:
#   run 1 with a fresh, empty TT_EMU_CACHE_DIR  -> first workload pays the cold JIT compile;
#   run 2 with the same cache dir in a new process -> first workload loads the cached kernels.
# Each run also repeats the workload in-process; that repeat is the matmul time compared with the CPU.
# Usage: runtime-cpp/bench/run.sh [M K N]     (default 640 640 640). Uses at most 2 build jobs.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
runtime="$(cd "$here/.." && pwd)"
work="${BENCH_WORK_DIR:-$runtime/build/bench}"
mkdir -p "$work"

echo "== building emulator (RelWithDebInfo, -O2) into $work" >&2
cmake -S "$runtime" -B "$work/emulator" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_INSTALL_PREFIX="$work/install" >/dev/null
cmake --build "$work/emulator" -j2 >/dev/null
cmake --install "$work/emulator" >/dev/null
cmake -S "$here" -B "$work/bench" -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$work/install" >/dev/null
cmake --build "$work/bench" -j2 >/dev/null

cache="$(mktemp -d "${TMPDIR:-/tmp}/tt-emu-bench-cache.XXXXXX")"
trap 'rm -rf "$cache"' EXIT
echo "== run 1: cold JIT cache ($cache)" >&2
cold="$(TT_EMU_CACHE_DIR="$cache" "$work/bench/matmul_bench" "$@")"
echo "== run 2: warm JIT cache, new process" >&2
warm="$(TT_EMU_CACHE_DIR="$cache" "$work/bench/matmul_bench" "$@")"

value() { printf '%s\n' "$1" | sed -n "s/^$2=//p"; }
cpu="$(value "$warm" cpu_triple_loop_s)"
emu="$(value "$warm" emulator_repeat_run_s)"
cold_first="$(value "$cold" emulator_first_run_s)"
cold_repeat="$(value "$cold" emulator_repeat_run_s)"
warm_first="$(value "$warm" emulator_first_run_s)"

awk -v shape="$(value "$warm" shape)" -v cpu="$cpu" -v emu="$emu" -v cf="$cold_first" -v cr="$cold_repeat" \
    -v wf="$warm_first" -v pcc="$(value "$warm" pcc)" 'BEGIN {
  printf "| %-58s | %12s |\n", "measurement (bf16 matmul " shape ", single core)", "value"
  printf "|%s|%s|\n", "------------------------------------------------------------", "--------------"
  printf "| %-58s | %10.3f s |\n", "plain C++ triple loop (fp32 accumulate)", cpu
  printf "| %-58s | %10.3f s |\n", "emulator, kernels already loaded (repeat run)", emu
  printf "| %-58s | %10.1f x |\n", "emulator / triple loop", emu / cpu
  printf "| %-58s | %10.3f s |\n", "first workload, cold JIT cache (compile 3 kernels + run)", cf
  printf "| %-58s | %10.3f s |\n", "first workload, warm JIT cache (new process, load + run)", wf
  printf "| %-58s | %10.3f s |\n", "=> cold compile cost (cold first - repeat)", cf - cr
  printf "| %-58s | %10.3f s |\n", "=> cache-hit cost (warm first - repeat)", wf - emu
  printf "| %-58s | %12.6f |\n", "PCC emulator vs triple loop", pcc
}'
