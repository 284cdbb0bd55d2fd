#!/usr/bin/env bash
# One command: install what is missing, build with warnings as errors, check formatting, run every test.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh -DFARMCAM_WERROR=ON
scripts/check-format.sh
# Tests use an offscreen display and their own temporary settings; they never touch yours.
# One more test than cores: about half of a test's time is spent waiting on its servers.
ctest --test-dir build --output-on-failure -j"$(($(nproc) + 1))" --timeout 300
