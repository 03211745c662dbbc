#!/usr/bin/env bash
# The contract checks: lint openapi.yaml (Redocly), validate the responses
# the integration tests recorded against it, and check that the Windows
# acceptance script calls only what it declares.
#   tests/contract/check.sh RECORDED_FOLDER
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$here"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
  npm ci --no-audit --no-fund --loglevel=error >/dev/null
fi
npx --no-install redocly lint --config "$here/redocly.yaml" "$root/openapi/openapi.yaml"
node "$here/check-responses.mjs" "$root/openapi/openapi.yaml" "$1"
node "$here/check-acceptance-script.mjs" "$root/openapi/openapi.yaml" "$root/deploy/windows/acceptance.ps1"
