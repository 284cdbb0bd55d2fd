#!/usr/bin/env bash
# One command: install what is missing, check formatting, build with warnings as errors and with
# AddressSanitizer + UndefinedBehaviorSanitizer (./build-asan), and run every test that way, with
# LeakSanitizer on. One build that finds memory errors as well as failed checks: CI runs exactly this.
# (`scripts/build.sh` then `ctest --test-dir build` runs the same tests in the everyday build.)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/check-format.sh
# Tests use an offscreen display and their own temporary settings; they never touch yours.
exec scripts/test-sanitizers.sh
