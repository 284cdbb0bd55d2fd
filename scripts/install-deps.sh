#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages FarmCam needs to build, test and run its demo.
# Runs apt-get only for what is missing; uses sudo when not root.
set -euo pipefail

packages=(
    cmake ninja-build g++ pkg-config
    qt6-base-dev qt6-base-dev-tools libgl-dev   # Qt 6 Core, Gui, Network, Widgets, Test
    qt6-l10n-tools qt6-tools-dev                # lupdate/lrelease for translations
    libqt6svg6                                  # SVG icons at run time
    fonts-dejavu-core                           # text in offscreen tests and the simulator's frames
    clang-format                                # style check
    clang libclang-rt-14-dev llvm               # libFuzzer targets (scripts/fuzz.sh); llvm symbolizes
    libbenchmark-dev                            # micro benchmarks in bench/
    qtkeychain-qt6-dev libsecret-1-0 gnome-keyring dbus   # keychain; its real test (tests/run-with-private-keyring.sh)
    libmosquitto-dev libssl-dev                 # print status over MQTT (TLS context is OpenSSL's)
    libavcodec-dev libswscale-dev libavutil-dev # H.264 decoding and scaling (RTSPS cameras); libx264 for tests
    libavformat-dev                             # RTSP and RTP demuxing for RTSPS cameras (behind the TLS relay)
    mosquitto                                   # the broker the MQTT tests and the demo start on 127.0.0.1
    libgstrtspserver-1.0-dev libgstreamer-plugins-base1.0-dev   # the RTSPS simulator (gst-rtsp-server, appsrc)
    gstreamer1.0-plugins-base gstreamer1.0-plugins-good         # videoconvert, appsrc; rtph264pay, rtpbin
    gstreamer1.0-plugins-bad gstreamer1.0-plugins-ugly          # h264parse; x264enc
    glib-networking                             # TLS for GIO (the RTSPS simulator's rtsps://)
    ffmpeg                                      # ffprobe/ffmpeg: the real RTSPS client in tests
    libmicrohttpd-dev                           # sharing the cameras over HTTP (core/share)
    curl openssl                                # real clients in tst_shareserver; the anchor of farmcam-share-bench
    xvfb xauth imagemagick                      # screenshots of the running app (scripts/screenshot.sh)
    chromium                                    # the web wall's browser test (tests/web: playwright-core from npm)
    dpkg-dev file lintian desktop-file-utils appstream man-db   # scripts/check-package.sh
    curl systemd                                # check-package.sh: farmcam-server answers; its unit verifies
)
# Node.js and npm drive the browser test. A machine that has them already (often from NodeSource,
# whose nodejs package includes npm) must not get Debian's npm, which would conflict with it.
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)

missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Installing: ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${missing[@]}"
