#!/usr/bin/env bash
# ClusterForge on PostgreSQL against ClusterForge on SQLite, in one run on
# this machine (issue "Several instances on one PostgreSQL"): submits and
# GET /v1/jobs/{id}, each on one instance. PostgreSQL runs locally with its
# durable defaults (fsync on), as a deployment would, so a submit's 202 is
# durable on both. On demand only; bench.sh runs it last.
#
#   scripts/bench-postgres.sh [--seconds N]     (N: each measurement, default 5)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
seconds=5
[ "${1:-}" = "--seconds" ] && seconds="$2"
"$root/scripts/install-deps.sh" --bench --postgres
"$root/scripts/build.sh" >/dev/null
bin="$root/build/bin"
work="$(mktemp -d)"
chmod 755 "$work"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  TEST_POSTGRES_DURABLE=1 "$root/scripts/test-postgres.sh" stop "$work/pg" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

TEST_POSTGRES_DURABLE=1 "$root/scripts/test-postgres.sh" start "$work/pg" >&2
server=$(cat "$work/pg/url")
psql -q "$server/postgres" -c "CREATE DATABASE bench" >/dev/null
source "$root/scripts/bench-submits.sh"
lab="$root/deploy/sim/exchange-ccr-lab-witness-not-writable.json"

# Prints "submits/s p99 get/s get-p99" for the service on `--database $1`.
measure_on() {
  local database="$1" dir="$work/data-$2" port="$3"
  mkdir -p "$dir"
  local token
  token=$("$bin/clusterforge" token create --database "$database" --name "bench-$2" --role admin | tail -n 1)
  "$bin/clusterforge" run --listen "http://127.0.0.1:$port" --data-dir "$dir" --database "$database" \
    --sim-delay-ms 600000 --lab "$lab" >"$dir/console.txt" 2>&1 &
  local pid=$!
  pids+=("$pid")
  until curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$port/readyz" >/dev/null; do
    kill -0 "$pid" 2>/dev/null || { cat "$dir/console.txt" >&2; exit 1; }
    sleep 0.05
  done
  local auth="Authorization: Bearer $token" base="http://127.0.0.1:$port"
  hold_cluster_and_write_submit_script "$base" "$token" "$work/post-$2.lua"
  local id
  id=$(curl -sf -H "$auth" -H 'Content-Type: application/json' -X POST "$base/v1/validations" \
    -d '{"cluster":"EXCLUSTER"}' | jq -r .id)
  local submits gets
  submits=$(wrk -t2 -c16 -d"${seconds}s" --latency -s "$work/post-$2.lua" "$base/v1/validations" |
    awk '/Requests\/sec/ { r = $2 } /^ +99%/ { p = $2 } END { printf "%.0f %s", r, p }')
  gets=$(wrk -t2 -c64 -d"${seconds}s" --latency -H "$auth" "$base/v1/jobs/$id" |
    awk '/Requests\/sec/ { r = $2 } /^ +99%/ { p = $2 } END { printf "%.0f %s", r, p }')
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  echo "$submits $gets"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", (b > 0 ? a / b : 0) }'; }
# In turns, twice each, so a drift of the disk's speed hits both; the better
# of the two runs of each is kept.
best() { sort -n -k"$1" -r | head -1; }
for round in 1 2; do
  measure_on "sqlite:$work/data-sqlite-$round.db" "sqlite-$round" 18191 >>"$work/sqlite"
  measure_on "$server/bench" "pg-$round" 18192 >>"$work/pg-results"
done
read -r s_sub s_sub_p99 s_get s_get_p99 < <(best 1 <"$work/sqlite")
read -r p_sub p_sub_p99 p_get p_get_p99 < <(best 1 <"$work/pg-results")

echo
echo "| what | on PostgreSQL (local, fsync on) | on SQLite (same run) | PostgreSQL / SQLite |"
echo "|---|---|---|---|"
echo "| POST /v1/validations, 16 connections | $p_sub jobs/s, p99 $p_sub_p99 | $s_sub jobs/s, p99 $s_sub_p99 | $(ratio "$p_sub" "$s_sub") |"
echo "| GET /v1/jobs/{id}, 64 connections | $p_get req/s, p99 $p_get_p99 | $s_get req/s, p99 $s_get_p99 | $(ratio "$p_get" "$s_get") |"
