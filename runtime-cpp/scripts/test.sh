#!/usr/bin/env bash
# Builds and installs the emulator into <build-dir>/install, builds the C++ tests against that install
# (find_package(TT-Metalium) via CMAKE_PREFIX_PATH), and runs them with ctest. With TT_EMU_PREFIX set to an
# emulator that is already installed (molegen's own build of it), the tests use that one instead.
# Usage: runtime-cpp/scripts/test.sh [build-dir] [extra cmake args for the emulator, e.g. -DTT_EMU_SANITIZE=ON]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-$here/build}"
shift || true
mkdir -p "$build"
build="$(cd "$build" && pwd)"
jobs="${TT_EMU_BUILD_JOBS:-2}"

prefix="${TT_EMU_PREFIX:-}"
if [[ -z "$prefix" ]]; then
  prefix="$build/install"
  cmake -S "$here" -B "$build/emulator" -DCMAKE_INSTALL_PREFIX="$prefix" "$@"
  cmake --build "$build/emulator" -j "$jobs"
  cmake --install "$build/emulator" > /dev/null
fi

# -U: a build folder configured against an older emulator caches its TT-Metalium_DIR; find the one asked for.
cmake -S "$here/tests" -B "$build/tests" -U TT-Metalium_DIR -DCMAKE_PREFIX_PATH="$prefix"
cmake --build "$build/tests" -j "$jobs"
cd "$build/tests"
export TT_EMU_CACHE_DIR="${TT_EMU_CACHE_DIR:-$build/kernel-cache}"
ctest --output-on-failure -j2
