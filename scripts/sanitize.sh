#!/usr/bin/env bash
# Builds the Linux suites with AddressSanitizer, LeakSanitizer and UBSan into
# build-asan/ and runs them; the integration tests start the sanitized
# service, whose reports are collected too. On demand (about 8 minutes of
# building on 2 cores), not part of the CI run.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/install-deps.sh" --postgres
source "$root/scripts/ccache-env.sh"
flags="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined"
cmake -S "$root" -B "$root/build-asan" -G Ninja -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" >/dev/null
cmake --build "$root/build-asan" --parallel "$(nproc)"

reports="$root/build-asan/sanitizer-reports"
rm -rf "$reports" && mkdir -p "$reports"
export ASAN_OPTIONS="detect_leaks=1:log_path=$reports/asan"
export UBSAN_OPTIONS="print_stacktrace=1:suppressions=$root/tests/sanitizers/ubsan.supp:log_path=$reports/ubsan"
# The store and shared-database tests' PostgreSQL server, where their binaries look for it.
"$root/scripts/test-postgres.sh" start "$root/build-asan/test-postgres" >/dev/null
trap '"$root/scripts/test-postgres.sh" stop "$root/build-asan/test-postgres"' EXIT
status=0
"$root/build-asan/bin/clusterforge_unit_tests" || status=1
"$root/build-asan/bin/clusterforge_integration_tests" || status=1
if compgen -G "$reports/*" >/dev/null; then
  echo "sanitizer reports:" && cat "$reports"/* && status=1
fi
exit $status
