#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan, UBSan) into build-fuzz/ and runs
# each for a bounded time: first the inputs that once broke it
# (tests/fuzz/regressions/<target>/), then fuzzing from its seed corpus
# (tests/fuzz/corpus/<target>/). New corpus entries go to a scratch folder,
# never into the repository. A crash fails the run and leaves its input in
# build-fuzz/artifacts/: add that file to regressions/ with the fix.
#   scripts/fuzz.sh [SECONDS_PER_TARGET]   (default 20; the test command uses it)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
seconds="${1:-20}"
"$root/scripts/install-deps.sh" --fuzz
source "$root/scripts/ccache-env.sh"
cmake -S "$root" --preset fuzz >/dev/null
cmake --build "$root/build-fuzz" --parallel "$(nproc)"

artifacts="$root/build-fuzz/artifacts"
mkdir -p "$artifacts"
failed=0
for target in json_body request_target page_token conditional_headers prefer_header; do
  bin="$root/build-fuzz/bin/fuzz_$target"
  log="$root/build-fuzz/fuzz_$target.log"
  regressions="$root/tests/fuzz/regressions/$target"
  scratch="$(mktemp -d)"
  status=0
  if compgen -G "$regressions/*" >/dev/null; then
    "$bin" "$regressions"/* >"$log" 2>&1 || status=$?
  fi
  if [ "$status" -eq 0 ]; then
    "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="$artifacts/$target-" "$scratch" "$root/tests/fuzz/corpus/$target" >>"$log" 2>&1 || status=$?
  fi
  rm -rf "$scratch"
  if [ "$status" -eq 0 ]; then
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
    echo "fuzz_$target: $runs inputs in ${seconds}s, no crash"
  else
    echo "fuzz_$target: FAILED (exit $status); see $log and $artifacts/"
    tail -n 30 "$log"
    failed=1
  fi
done
exit "$failed"
