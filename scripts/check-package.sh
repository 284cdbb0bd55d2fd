#!/usr/bin/env bash
# Builds FarmCam's .deb and .tar.gz with CPack and checks them the way a distribution would: the
# desktop file, the AppStream metadata, lintian, the man pages, and that the programs in the
# unpacked package start. Changes nothing outside the build folder and a temporary folder, unless
# --install.
#
# Usage: scripts/check-package.sh [--install] [build folder]     (default folder: build-package)
#   A folder that is not configured yet is configured as Debian builds packages: RelWithDebInfo with
#   dpkg-buildflags' hardening flags (stack protector, _FORTIFY_SOURCE, relro, bindnow), without
#   tests. An existing folder (e.g. build) is used as it is. Only the installed targets are built.
#   --install also installs the .deb with apt-get and runs the installed programs: for a throwaway
#   CI machine, never on a developer's own one.
# Needs: cmake, ninja-build, dpkg-dev, file, lintian, desktop-file-utils, appstream, man-db
# (scripts/install-deps.sh installs them).
set -euo pipefail

install_package=false
if [[ "${1:-}" == "--install" ]]; then
    install_package=true
    shift
fi
cd "$(dirname "$0")/.."
build=${1:-build-package}

step() { printf '\n== check-package: %s\n' "$*"; }
fail() {
    printf 'check-package: FAILED: %s\n' "$*" >&2
    exit 1
}

app_id=io.github.farmcam.FarmCam
programs=(farmcam farmcam-grab farmcam-sim farmcam-server)

step "building in $build"
if [[ ! -f "$build/CMakeCache.txt" ]]; then
    export DEB_BUILD_MAINT_OPTIONS=hardening=+all
    # CMake reads no CPPFLAGS: the preprocessor flags (_FORTIFY_SOURCE) go with the compiler's.
    CXXFLAGS="$(dpkg-buildflags --get CPPFLAGS) $(dpkg-buildflags --get CXXFLAGS)" \
        LDFLAGS="$(dpkg-buildflags --get LDFLAGS)" \
        cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFARMCAM_WERROR=ON \
        -DFARMCAM_BUILD_TESTS=OFF -DFARMCAM_BUILD_BENCHMARKS=OFF >/dev/null
fi
cmake --build "$build" -j"$(nproc)" --target "${programs[@]}" farmcam_packaging_docs

step "making the packages (cpack)"
rm -f "$build"/farmcam_*.deb "$build"/farmcam-*.tar.gz
(cd "$build" && cpack -G "DEB;TGZ")
debs=("$build"/farmcam_*.deb)
tgzs=("$build"/farmcam-*.tar.gz)
[[ ${#debs[@]} -eq 1 && -f "${debs[0]}" ]] || fail "cpack made no single .deb in $build"
[[ ${#tgzs[@]} -eq 1 && -f "${tgzs[0]}" ]] || fail "cpack made no single .tar.gz in $build"
deb=${debs[0]}
tgz=${tgzs[0]}
dpkg-deb --info "$deb"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
root=$tmp/root
dpkg-deb -x "$deb" "$root"

step "package fields"
version=$(dpkg-deb --field "$deb" Version)
[[ "$(dpkg-deb --field "$deb" Package)" == farmcam ]] || fail "the package is not named farmcam"
[[ "$(dpkg-deb --field "$deb" Section)" == video ]] || fail "Section is not video"
depends=$(dpkg-deb --field "$deb" Depends)
# shlibdeps' libraries, plus the SVG icon plugin that no executable links.
for dependency in libqt6svg6 libqt6core6 libqt6gui6 libqt6network6 libqt6widgets6 libc6; do
    [[ ",$depends," =~ [,\ ]${dependency}[\ ,] ]] || fail "Depends lacks $dependency: $depends"
done
echo "version $version; Depends: $depends"

step "versions agree: package, packaging/changelog, AppStream release"
changelog_version=$(dpkg-parsechangelog -l packaging/changelog -S Version)
metainfo_version=$(sed -n 's/.*<release version="\([^"]*\)".*/\1/p' \
    "packaging/$app_id.metainfo.xml" | head -n 1)
[[ "$changelog_version" == "$version" ]] \
    || fail "packaging/changelog's newest entry is $changelog_version, the package is $version"
[[ "$metainfo_version" == "$version" ]] \
    || fail "the metainfo's newest <release> is $metainfo_version, the package is $version"
echo "$version everywhere"

step "files in the package"
expected=(
    "usr/share/applications/$app_id.desktop"
    "usr/share/metainfo/$app_id.metainfo.xml"
    "usr/share/icons/hicolor/scalable/apps/$app_id.svg"
    "usr/share/icons/hicolor/scalable/status/$app_id-live.svg"
    "usr/share/icons/hicolor/scalable/status/$app_id-trouble.svg"
    "usr/share/icons/hicolor/scalable/status/$app_id-down.svg"
    "usr/share/icons/hicolor/scalable/status/$app_id-none.svg"
    usr/share/doc/farmcam/copyright
    usr/share/doc/farmcam/changelog.gz
    usr/lib/systemd/system/farmcam-server.service
)
for program in "${programs[@]}"; do
    expected+=("usr/bin/$program" "usr/share/man/man1/$program.1.gz")
done
for file in "${expected[@]}"; do
    [[ -f "$root/$file" ]] || fail "the package lacks /$file"
done
for program in "${programs[@]}"; do
    [[ "$(file "$root/usr/bin/$program")" == *", stripped"* ]] \
        || fail "/usr/bin/$program is not stripped"
done
desktop=$root/usr/share/applications/$app_id.desktop
icon=$(sed -n 's/^Icon=//p' "$desktop")
exec_program=$(sed -n 's/^Exec=\([^ ]*\).*/\1/p' "$desktop" | head -n 1)
[[ -f "$root/usr/share/icons/hicolor/scalable/apps/$icon.svg" ]] \
    || fail "the desktop file's icon $icon is not in the package"
[[ -x "$root/usr/bin/$exec_program" ]] \
    || fail "the desktop file runs $exec_program, which is not in /usr/bin"
echo "${#expected[@]} files present; the menu entry runs /usr/bin/$exec_program with icon $icon"

step "the tray icons in resources/icons are the ones the package installs"
for svg in packaging/icons/*.svg; do
    copy=resources/icons/$(basename "$svg")
    cmp "$svg" "$copy" || fail "$copy differs from $svg"
done
echo "identical"

step "the systemd service"
unit=$root/usr/lib/systemd/system/farmcam-server.service
exec_start=$(sed -n 's/^ExecStart=\([^ ]*\).*/\1/p' "$unit" | tail -n 1)
[[ -x "$root$exec_start" ]] || fail "farmcam-server.service runs $exec_start, not in the package"
for setting in DynamicUser=yes StateDirectory=farmcam ProtectSystem=strict NoNewPrivileges=yes \
    CapabilityBoundingSet=; do
    grep -qx "$setting" "$unit" || fail "farmcam-server.service lacks $setting"
done
if command -v systemd-analyze >/dev/null 2>&1; then
    # A copy that runs the unpacked binary (the installed one need not exist here); no man-page
    # lookup. verify exits 0 on unknown keys: any message at all fails.
    mkdir -p "$tmp/unit"
    sed "s|^ExecStart=$exec_start|ExecStart=$root$exec_start|" "$unit" \
        >"$tmp/unit/farmcam-server.service"
    said=$(systemd-analyze verify --man=no "$tmp/unit/farmcam-server.service" 2>&1) \
        || fail "systemd-analyze verify: $said"
    [[ -z "$said" ]] || fail "systemd-analyze verify: $said"
fi
echo "ok: runs $exec_start"

step "desktop-file-validate"
desktop-file-validate "$desktop"
echo "ok"

step "appstreamcli validate --no-net"
appstreamcli validate --no-net "$root/usr/share/metainfo/$app_id.metainfo.xml"
appstreamcli validate-tree --no-net "$root"

step "lintian"
# Errors and warnings fail. "I:" hints are shown: a hardened build leaves only
# binary-has-unneeded-section .comment (CPack strips with plain `strip`); see
# packaging/README-install.md.
lintian_args=(--fail-on "error,warning" --display-info)
[[ "$(id -u)" -ne 0 ]] || lintian_args+=(--allow-root)
lintian "${lintian_args[@]}" "$deb"
echo "lintian: no errors, no warnings"

step "man pages"
for program in "${programs[@]}"; do
    page=$root/usr/share/man/man1/$program.1.gz
    warnings=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 -l -Tutf8 -Z "$page" \
        2>&1 >/dev/null)
    [[ -z "$warnings" ]] || fail "groff warns about $program.1: $warnings"
done
echo "groff: no warnings"

step "the unpacked programs start (QT_QPA_PLATFORM=offscreen, a temporary HOME)"
mkdir -p "$tmp/home" "$tmp/runtime"
chmod 700 "$tmp/runtime"
run() {
    env -i PATH=/usr/bin:/bin HOME="$tmp/home" XDG_RUNTIME_DIR="$tmp/runtime" LANG=C.UTF-8 \
        QT_QPA_PLATFORM=offscreen "$@"
}
for program in "${programs[@]}"; do
    binary=$root/usr/bin/$program
    output=$(run "$binary" --version 2>/dev/null) || fail "$program --version exited with $?"
    [[ "$output" == *" $version" ]] \
        || fail "$program --version printed '$output', not '... $version'"
    echo "$program --version: $output"
    # Every option of --help must be documented in the man page.
    help=$(run "$binary" --help 2>/dev/null) || fail "$program --help exited with $?"
    page_text=$(zcat "$root/usr/share/man/man1/$program.1.gz" | sed 's/\\-/-/g')
    options=$(grep -oE '^ +(-[a-zA-Z], )?--[a-z][a-z0-9-]*' <<<"$help" | grep -oE -- '--[a-z0-9-]+')
    for option in $options; do
        grep -qE -- "$option([^a-z0-9-]|\$)" <<<"$page_text" \
            || fail "$program --help has $option, its man page does not"
    done
done
echo "man pages cover every option of --help"

step "farmcam-server serves without a display (no QT_QPA_PLATFORM, no DISPLAY, no session bus)"
printf 'check-package-token\n' >"$tmp/token"
coproc SERVER {
    exec env -i PATH=/usr/bin:/bin HOME="$tmp/home" XDG_RUNTIME_DIR="$tmp/runtime" LANG=C.UTF-8 \
        "$root/usr/bin/farmcam-server" --config "$tmp/farm.conf" --listen 127.0.0.1:0 \
        --token-file "$tmp/token" 2>"$tmp/server.log"
}
server_pid=$SERVER_PID
url=""
read -r -t 30 url <&"${SERVER[0]}" || true
[[ "$url" == http://127.0.0.1:*/ ]] || fail "farmcam-server printed '$url': $(cat "$tmp/server.log")"
health=$(curl -fsS --max-time 10 "${url}healthz") || fail "GET ${url}healthz failed"
[[ "$health" == ok* ]] || fail "GET /healthz said '$health'"
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 "${url}api/printers")
[[ "$code" == 401 ]] || fail "GET /api/printers without the token gave $code, not 401"
kill -TERM "$server_pid"
wait "$server_pid" && status=0 || status=$?
[[ $status -eq 0 ]] || fail "farmcam-server exited with $status after SIGTERM"
grep -q "no keyring" "$tmp/server.log" || fail "farmcam-server did not say which credential store"
echo "ok: listened on $url, /healthz answered, 401 without the token, SIGTERM -> 0"

step "the .tar.gz"
tar -tzf "$tgz" >"$tmp/tgz-contents"
for program in "${programs[@]}"; do
    grep -qE "^[^/]+/bin/$program\$" "$tmp/tgz-contents" \
        || fail "$(basename "$tgz") lacks bin/$program"
done
echo "$(basename "$tgz"): ok"

if $install_package; then
    step "installing with apt-get, then running the installed programs"
    sudo=""
    [[ "$(id -u)" -eq 0 ]] || sudo="sudo"
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends \
        "$(realpath "$deb")"
    for program in "${programs[@]}"; do
        run "/usr/bin/$program" --version || fail "the installed $program does not start"
    done
    dpkg -L farmcam >/dev/null
    DEBIAN_FRONTEND=noninteractive $sudo apt-get remove -y farmcam
fi

step "all checks passed: $deb, $tgz"
