#!/usr/bin/env bash
# One command: install what is missing, build with warnings as errors, check formatting, run every test.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh -DFARMCAM_WERROR=ON
scripts/check-format.sh
# Tests use an offscreen display and their own temporary settings; they never touch yours.
ctest --test-dir build --output-on-failure -j2 --timeout 300
