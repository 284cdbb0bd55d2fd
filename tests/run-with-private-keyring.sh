#!/bin/sh
# Runs a test against a real Secret Service that belongs to the test alone: a private session bus
# (dbus-run-session) with its own gnome-keyring, whose login keyring lives in a temporary folder.
# The user's own bus, keyring daemon and keyring files are never reached: HOME, the XDG folders and
# the bus address all point into that folder. Both daemons end with the test.
#
# Usage: run-with-private-keyring.sh <test executable> [arguments...]
# Exit status: the test's; 77 (ctest SKIP_RETURN_CODE) when dbus-run-session, dbus-send or
# gnome-keyring-daemon is missing. Bounded in time, also when a daemon hangs.
set -u

for tool in dbus-run-session dbus-send gnome-keyring-daemon timeout; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "SKIP: $tool is not installed (Debian: dbus, gnome-keyring, libsecret-1-0)" >&2
        exit 77
    fi
done

scratch=$(mktemp -d "${TMPDIR:-/tmp}/farmcam-keyring.XXXXXX") || exit 1
trap 'rm -rf "$scratch"' EXIT INT TERM
mkdir -p "$scratch/home" "$scratch/data" "$scratch/config" "$scratch/cache"
mkdir -m 700 "$scratch/runtime"

# Everything the daemons and the test look at, kept inside the scratch folder. No display: nothing
# may start a bus of its own (X11 autolaunch), and no desktop hint: QtKeychain must pick the Secret
# Service, not a KWallet it would look for on a KDE desktop.
export HOME="$scratch/home" XDG_DATA_HOME="$scratch/data" XDG_CONFIG_HOME="$scratch/config" \
    XDG_CACHE_HOME="$scratch/cache" XDG_RUNTIME_DIR="$scratch/runtime"
unset DISPLAY WAYLAND_DISPLAY XDG_CURRENT_DESKTOP XDG_SESSION_DESKTOP DESKTOP_SESSION \
    KDE_FULL_SESSION KDE_SESSION_VERSION GNOME_DESKTOP_SESSION_ID GNOME_KEYRING_CONTROL \
    DBUS_SESSION_BUS_ADDRESS

# The inner script runs on the private bus. gnome-keyring runs in the foreground as its child, so it
# can be stopped by its pid; it creates and unlocks a login keyring (the default collection) with
# the password on stdin. The test starts once the keyring owns its bus name.
# shellcheck disable=SC2016 # expanded by the inner shell
inner='
    printf "%s" farmcam-test | gnome-keyring-daemon --foreground --unlock --components=secrets \
        >/dev/null 2>&1 &
    keyring=$!
    tries=0
    until dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
            org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null \
            | grep -q "boolean true"; do
        tries=$((tries + 1))
        if [ "$tries" -ge 200 ] || ! kill -0 "$keyring" 2>/dev/null; then
            echo "FAIL: gnome-keyring-daemon did not come up on the private bus" >&2
            kill "$keyring" 2>/dev/null
            exit 1
        fi
        sleep 0.05
    done
    export FARMCAM_TEST_PRIVATE_BUS="$DBUS_SESSION_BUS_ADDRESS"
    "$@"
    status=$?
    kill "$keyring" 2>/dev/null
    wait "$keyring" 2>/dev/null
    exit "$status"
'
timeout --kill-after=5 90 dbus-run-session -- sh -c "$inner" sh "$@"
status=$?
[ "$status" -eq 124 ] && echo "FAIL: timed out (the test or the private keyring hung)" >&2
exit "$status"
