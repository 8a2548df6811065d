#!/usr/bin/env bash
# Maps the repository's signing secrets onto the variables electron-builder
# reads, for this runner's OS, and prints them as NAME=value lines for
# $GITHUB_ENV (.github/workflows/desktop.yml):
#
#   bash scripts/ci-signing-env.sh >> "$GITHUB_ENV"
#
# Only variables that have a value are printed. That matters: electron-builder
# treats CSC_LINK="" as "a certificate was given" and fails to import it on
# macOS, while an absent CSC_LINK means "build unsigned". A secret that is not
# configured reaches a workflow as "", so it must not be passed through as is.
#
# Secrets read (all optional):
#   macOS    MAC_CSC_LINK, MAC_CSC_KEY_PASSWORD        Developer ID Application .p12 (base64) and its password
#            APPLE_API_KEY_P8, APPLE_API_KEY_ID, APPLE_API_ISSUER     notarisation, App Store Connect API key
#            APPLE_ID, APPLE_APP_SPECIFIC_PASSWORD, APPLE_TEAM_ID    notarisation, Apple ID (if no API key)
#   Windows  WIN_CSC_LINK, WIN_CSC_KEY_PASSWORD        code-signing .pfx (base64) and its password, for signtool
#            AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET, and AZURE_SIGNING_ENDPOINT,
#            AZURE_SIGNING_ACCOUNT, AZURE_CERTIFICATE_PROFILE, AZURE_PUBLISHER_NAME
#                                                      Azure Trusted Signing (if no .pfx); the package step turns
#                                                      the last four into -c.win.azureSignOptions.*
# What is not set is said on stderr (a GitHub notice), and the build goes on unsigned.
set -euo pipefail

emit() {
  [ -n "$2" ] || return 0
  case "$2" in
    *$'\n'*) echo "::error::$1 must be a single line (base64-encode it)" >&2; exit 1 ;;
  esac
  printf '%s=%s\n' "$1" "$2"
}
all_set() {
  local name
  for name in "$@"; do [ -n "${!name:-}" ] || return 1; done
}
notice() { echo "::notice::$*" >&2; }

case "${RUNNER_OS:?RUNNER_OS is not set}" in
  macOS)
    if all_set MAC_CSC_LINK; then
      emit CSC_LINK "$MAC_CSC_LINK"
      emit CSC_KEY_PASSWORD "${MAC_CSC_KEY_PASSWORD:-}"
    else
      # No certificate: do not look for one in the runner's keychain either.
      emit CSC_IDENTITY_AUTO_DISCOVERY false
      notice "macOS: MAC_CSC_LINK is not set, the app is not signed (nor notarised)."
    fi
    if all_set APPLE_API_KEY_P8 APPLE_API_KEY_ID APPLE_API_ISSUER; then
      # electron-builder passes APPLE_API_KEY to @electron/notarize, which wants the path of the .p8 file.
      key="${RUNNER_TEMP:?RUNNER_TEMP is not set}/AuthKey_${APPLE_API_KEY_ID}.p8"
      (umask 077 && printf '%s\n' "$APPLE_API_KEY_P8" > "$key")
      emit APPLE_API_KEY "$key"
      emit APPLE_API_KEY_ID "$APPLE_API_KEY_ID"
      emit APPLE_API_ISSUER "$APPLE_API_ISSUER"
    elif all_set APPLE_ID APPLE_APP_SPECIFIC_PASSWORD APPLE_TEAM_ID; then
      emit APPLE_ID "$APPLE_ID"
      emit APPLE_APP_SPECIFIC_PASSWORD "$APPLE_APP_SPECIFIC_PASSWORD"
      emit APPLE_TEAM_ID "$APPLE_TEAM_ID"
    else
      notice "macOS: no notarisation credentials (APPLE_API_KEY_P8 + APPLE_API_KEY_ID + APPLE_API_ISSUER, or APPLE_ID + APPLE_APP_SPECIFIC_PASSWORD + APPLE_TEAM_ID), notarisation is skipped."
    fi
    ;;
  Windows)
    if all_set WIN_CSC_LINK; then
      emit WIN_CSC_LINK "$WIN_CSC_LINK"
      emit WIN_CSC_KEY_PASSWORD "${WIN_CSC_KEY_PASSWORD:-}"
    elif all_set AZURE_TENANT_ID AZURE_CLIENT_ID AZURE_CLIENT_SECRET AZURE_SIGNING_ENDPOINT AZURE_SIGNING_ACCOUNT AZURE_CERTIFICATE_PROFILE AZURE_PUBLISHER_NAME; then
      for name in AZURE_TENANT_ID AZURE_CLIENT_ID AZURE_CLIENT_SECRET AZURE_SIGNING_ENDPOINT AZURE_SIGNING_ACCOUNT AZURE_CERTIFICATE_PROFILE AZURE_PUBLISHER_NAME; do
        emit "$name" "${!name}"
      done
    else
      notice "Windows: neither WIN_CSC_LINK nor the Azure Trusted Signing settings are set, the installers are not signed."
    fi
    ;;
  Linux)
    notice "Linux: deb and AppImage are not signed (distribute the deb through IT's own apt repository to sign it)."
    ;;
  *)
    echo "::error::unknown RUNNER_OS ${RUNNER_OS}" >&2
    exit 1
    ;;
esac
