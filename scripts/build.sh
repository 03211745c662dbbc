#!/usr/bin/env bash
# Configures and builds ClusterForge into build/ (binary: build/bin/clusterforge).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/install-deps.sh"
source "$root/scripts/ccache-env.sh"
cmake -S "$root" --preset linux >/dev/null
cmake --build "$root/build" --parallel "$(nproc)"
