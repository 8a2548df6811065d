#!/bin/sh
# Runs its arguments with a Secret Service available, so the keychain
# integration test really stores, reads and deletes a secret on headless
# Linux (CI, containers) where no desktop session provides one.
#
#   scripts/with-keyring.sh npx vitest run tests/integration/secrets
#
# The session gets its own D-Bus bus and a throwaway gnome-keyring in a temp
# folder, unlocked with a dummy password: the developer's real keyring is
# never opened, and nothing is left behind. Where dbus-run-session or
# gnome-keyring-daemon is missing (macOS, Windows, minimal images) the
# command runs as-is and uses whatever keychain the OS provides.
set -eu

if [ "$#" -eq 0 ]; then
  echo "usage: scripts/with-keyring.sh <command> [arguments...]" >&2
  exit 2
fi

if ! command -v dbus-run-session >/dev/null 2>&1 || ! command -v gnome-keyring-daemon >/dev/null 2>&1; then
  exec "$@"
fi

keyring_home=$(mktemp -d "${TMPDIR:-/tmp}/teamified-keyring.XXXXXX")
trap 'rm -rf "$keyring_home"' EXIT
trap 'exit 130' INT TERM

status=0
# An empty password makes gnome-keyring ask a (GUI) prompter, which cannot
# run headless; any non-empty throwaway password creates and unlocks it.
dbus-run-session -- sh -c '
  keyring_home=$1
  shift
  printf %s throwaway-test-keyring |
    XDG_DATA_HOME="$keyring_home" gnome-keyring-daemon --unlock --components=secrets >/dev/null
  exec "$@"
' with-keyring "$keyring_home" "$@" || status=$?
exit "$status"
