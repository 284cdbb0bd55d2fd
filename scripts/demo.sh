#!/usr/bin/env bash
# One command for a new user: install what is missing, build, and start FarmCam's built-in demo
# (four simulated printers on 127.0.0.1; your own settings are not touched).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
exec build/app/farmcam/farmcam --demo "$@"
