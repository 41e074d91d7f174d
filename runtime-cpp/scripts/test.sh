#!/usr/bin/env bash
# Builds and installs the emulator into <build-dir>/install, builds the C++ tests against that install
# (find_package(TT-Metalium) via CMAKE_PREFIX_PATH), and runs them with ctest.
# Usage: runtime-cpp/scripts/test.sh [build-dir] [extra cmake args for the emulator, e.g. -DTT_EMU_SANITIZE=ON]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-$here/build}"
shift || true
mkdir -p "$build"
build="$(cd "$build" && pwd)"
jobs="${TT_EMU_BUILD_JOBS:-2}"

cmake -S "$here" -B "$build/emulator" -DCMAKE_INSTALL_PREFIX="$build/install" "$@"
cmake --build "$build/emulator" -j "$jobs"
cmake --install "$build/emulator" > /dev/null

cmake -S "$here/tests" -B "$build/tests" -DCMAKE_PREFIX_PATH="$build/install"
cmake --build "$build/tests" -j "$jobs"
cd "$build/tests"
export TT_EMU_CACHE_DIR="${TT_EMU_CACHE_DIR:-$build/kernel-cache}"
ctest --output-on-failure -j2
