#!/bin/sh
# The web wall's browser test (ctest: webwall). Finds Chromium and Node, installs playwright-core
# exactly as tests/web/package-lock.json pins it (npm ci into the build directory, with npm's cache
# there too, so that a second run needs no network), then runs webwall.test.js.
#   run-webwall-test.sh SERVER_EXECUTABLE WORK_DIRECTORY [--screenshots DIR]
# Exits 77 (ctest: skipped) only when chromium or node is not installed, and not even then when
# FARMCAM_REQUIRE_BROWSER is set (.ci/run sets it): then that is a failure.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
server=$1
work=$2
shift 2

missing() {
    if [ -n "${FARMCAM_REQUIRE_BROWSER:-}" ]; then
        echo "FAIL: $1, and FARMCAM_REQUIRE_BROWSER says the browser test must run." >&2
        exit 1
    fi
    echo "SKIP: $1 (scripts/install-deps.sh installs it); the web wall was not tested in a browser." >&2
    exit 77
}

chromium=${FARMCAM_CHROMIUM:-}
if [ -z "$chromium" ]; then
    chromium=$(command -v chromium || command -v chromium-browser || true)
fi
[ -n "$chromium" ] && [ -x "$chromium" ] || missing "chromium is not installed"
command -v node >/dev/null 2>&1 || missing "node is not installed"
command -v npm >/dev/null 2>&1 || missing "npm is not installed"

# playwright-core, as the lock file says; reinstalled only when the lock file changed.
mkdir -p "$work"
if ! cmp -s "$here/package-lock.json" "$work/node_modules/.farmcam-package-lock.json"; then
    cp "$here/package.json" "$here/package-lock.json" "$work/"
    (cd "$work" && npm ci --prefer-offline --cache "$work/npm-cache" --no-audit --no-fund --loglevel=error)
    cp "$here/package-lock.json" "$work/node_modules/.farmcam-package-lock.json"
fi

NODE_PATH="$work/node_modules" exec node "$here/webwall.test.js" --server "$server" --chromium "$chromium" "$@"
