#!/usr/bin/env bash
# Runs a Windows executable under Wine for ctest (CMAKE_CROSSCOMPILING_EMULATOR):
# a prefix of its own under the build tree, no debug chatter.
set -euo pipefail
wine=$(command -v wine64 || echo /usr/lib/wine/wine64)
export WINEPREFIX="${WINEPREFIX:-${TMPDIR:-/tmp}/clusterforge-wine-prefix}"
export WINEDEBUG="${WINEDEBUG:--all}"
exec "$wine" "$@"
