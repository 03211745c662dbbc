#!/usr/bin/env bash
# Builds ClusterForge and runs every test: unit and integration tests through
# ctest (integration tests start the real binary on loopback), the contract
# checks (the OpenAPI document lints clean and every response the integration
# tests recorded matches its schema), the fuzz targets for a bounded time,
# and the Windows set cross-built with
# mingw-w64 (warnings as errors) with its tests run under Wine.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/install-deps.sh" --windows --fuzz --promtool --browser --postgres
"$root/scripts/build.sh"
source "$root/scripts/ccache-env.sh"

# The Windows set first, so the last test summary is the main suite's.
cmake -S "$root" --preset windows-cross >/dev/null
cmake --build "$root/build-windows" --parallel "$(nproc)"
# One retry: under Wine, CreateProcess has once failed at random with
# ERROR_INTERNAL_ERROR (1359) on a clean clone, and passed when run again. A
# failure that repeats still fails the run.
(cd "$root/build-windows" && ctest --output-on-failure --timeout 600 --repeat until-pass:2)

# The parsers fuzzed for a bounded time (60 s in all), their old crashes replayed.
"$root/scripts/fuzz.sh" 20

export CLUSTERFORGE_CONTRACT_LOG="$root/build/contract-responses"
rm -rf "$CLUSTERFORGE_CONTRACT_LOG" && mkdir -p "$CLUSTERFORGE_CONTRACT_LOG"
(cd "$root/build" && ctest --output-on-failure --parallel 2 --timeout 600)

"$root/tests/contract/check.sh" "$CLUSTERFORGE_CONTRACT_LOG"

# The Postman collection, run with newman against a live service.
"$root/tests/postman/run.sh"

