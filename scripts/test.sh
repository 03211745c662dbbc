#!/usr/bin/env bash
# Builds ClusterForge and runs every test: unit and integration tests through
# ctest (integration tests start the real binary on loopback), then the
# contract checks (the OpenAPI document lints clean and every response the
# integration tests recorded matches its schema).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/build.sh"

export CLUSTERFORGE_CONTRACT_LOG="$root/build/contract-responses.jsonl"
rm -f "$CLUSTERFORGE_CONTRACT_LOG"
(cd "$root/build" && ctest --output-on-failure --parallel 2 --timeout 600)

"$root/tests/contract/check.sh" "$CLUSTERFORGE_CONTRACT_LOG"
