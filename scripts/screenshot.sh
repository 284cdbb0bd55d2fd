#!/usr/bin/env bash
# Takes the README's screenshots from an already built farmcam (builds nothing): the demo's grid
# (docs/screenshot.png) and one printer in the single view (docs/screenshot-single.png), on a
# virtual 1600x900 X display.
#
# Usage: scripts/screenshot.sh [path/to/farmcam] [output folder]
# Needs xvfb-run, xauth and ImageMagick's `import` (scripts/install-deps.sh installs them).
set -euo pipefail

# Long enough for the demo's A1 mini to finish its print and the P1P's to fail (about 12 s).
wait_seconds=${FARMCAM_SCREENSHOT_WAIT:-16}

# Inside the virtual display: start the app, give the simulated printers time to send a few
# pictures, photograph the whole screen, stop the app.
if [[ "${1:-}" == "--inside-display" ]]; then
    output=$2
    shift 2
    "$@" &
    app=$!
    sleep "$wait_seconds"
    import -window root "$output"
    kill "$app" 2>/dev/null || true
    wait "$app" 2>/dev/null || true
    exit 0
fi

self=$(realpath "$0")
cd "$(dirname "$self")/.."
binary=$(realpath "${1:-build/app/farmcam/farmcam}")
out=${2:-docs}
[[ -x "$binary" ]] || { echo "screenshot.sh: no farmcam binary at $binary (build it first)" >&2; exit 1; }
mkdir -p "$out"

shoot() {
    local file=$1
    shift
    # -geometry (a standard Qt option) fills the screen: there is no window manager to maximize.
    xvfb-run -a -s '-screen 0 1600x900x24' "$self" --inside-display "$out/$file" \
        "$binary" --demo -geometry 1600x900+0+0 "$@"
    echo "wrote $out/$file"
}

shoot screenshot.png
shoot screenshot-single.png --full-view "P1S Workshop"
