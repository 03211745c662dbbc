#!/usr/bin/env bash
# Measures ClusterForge against references run on the same machine in the
# same run, and prints one table (issue "Performance"): each figure, its
# reference and the ratio. On demand only: CI never runs it, and its figures
# depend on the machine (the README shows the latest table and where it ran).
#
#   scripts/bench.sh [--seconds N]     (N: each HTTP measurement, default 5)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
seconds=5
[ "${1:-}" = "--seconds" ] && seconds="$2"
"$root/scripts/install-deps.sh" --bench
"$root/scripts/build.sh" >/dev/null
bin="$root/build/bin"
work="$(mktemp -d)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

rows=()
row() { rows+=("$(printf '| %s | %s | %s | %s |' "$1" "$2" "$3" "$4")"); }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", (b > 0 ? a / b : 0) }'; }
rss_mb() { awk '/VmRSS/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }

# wrk's requests/s and p99 (ms) for one run.
measure_once() {
  wrk -t2 "$@" -d"${seconds}s" --latency | awk '/Requests\/sec/ { r = $2 } /^ +99%/ { p = $2 } END {
    if (p ~ /us$/) { sub(/us/, "", p); p /= 1000 } else if (p ~ /ms$/) { sub(/ms/, "", p) }
    else if (p ~ /s$/) { sub(/s/, "", p); p *= 1000 }
    printf "%.0f %.2f\n", r, p }'
}
# Each comparison takes this many runs of each side, in turns, and compares
# the medians: on a virtual machine a run differs from the next by several
# percent, more than a 304 from a 200.
rounds=5
median() { sort -n "$1" | sed -n "$(( (rounds + 1) / 2 ))p"; }
measure() {
  for _ in $(seq "$rounds"); do measure_once "$@"; done >"$work/runs"
  median "$work/runs"
}

# A service on PORT with a data directory of its own; its pid in $pid. Not
# in a command substitution: the pid must reach `pids` (for cleanup) and
# stay this shell's child (for stop_service).
start_service() {
  local dir="$1" port="$2"; shift 2
  "$bin/clusterforge" run --listen "http://127.0.0.1:$port" --data-dir "$dir" "$@" >"$dir/console.txt" 2>&1 &
  pid=$!
  pids+=("$pid")
  until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do
    kill -0 "$pid" 2>/dev/null || { cat "$dir/console.txt" >&2; exit 1; }
    sleep 0.01
  done
}
# Stops it and waits until it has exited: the next step may open its database.
stop_service() {
  kill "$pid"
  wait "$pid" 2>/dev/null || true
}
new_token() { "$bin/clusterforge" token create --data-dir "$1" --name bench --role admin | tail -n 1; }

echo "measuring on $(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')" >&2

# ---- GET /v1/jobs/{id}: the service, a bare Beast listener, nginx ----------
mkdir -p "$work/get"
token=$(new_token "$work/get")
auth="Authorization: Bearer $token"
start_service "$work/get" 18181
id=$(curl -sf -H "$auth" -H 'Content-Type: application/json' -X POST http://127.0.0.1:18181/v1/validations \
  -d '{"nodes":["EX-NODE1","EX-NODE2"]}' | jq -r .id)
until [ "$(curl -sf -H "$auth" "http://127.0.0.1:18181/v1/jobs/$id" | jq -r .status)" = succeeded ]; do sleep 0.1; done
curl -sf -H "$auth" "http://127.0.0.1:18181/v1/jobs/$id" >"$work/job.json"
etag=$(curl -sf -D - -o /dev/null -H "$auth" "http://127.0.0.1:18181/v1/jobs/$id" | awk -F': ' 'tolower($1) == "etag" { print $2 }' | tr -d '\r')
"$bin/clusterforge_bench_bare_listener" 18182 4 "$work/job.json" &
pids+=($!)
sleep 0.3
# The bare listener, the 200s and the 304s in turns.
for _ in $(seq "$rounds"); do
  measure_once -c64 http://127.0.0.1:18182/v1/jobs/x >>"$work/bare"
  measure_once -c64 -H "$auth" "http://127.0.0.1:18181/v1/jobs/$id" >>"$work/get200"
  measure_once -c64 -H "$auth" -H "If-None-Match: $etag" "http://127.0.0.1:18181/v1/jobs/$id" >>"$work/get304"
done
read -r bare_rps _ < <(median "$work/bare")
read -r get_rps get_p99 < <(median "$work/get200")
read -r c304_rps c304_p99 < <(median "$work/get304")
row "GET /v1/jobs/{id} ($(wc -c <"$work/job.json") B, token, 64 connections)" \
  "$get_rps req/s, p99 $get_p99 ms" "bare Beast listener, 4 threads, same bytes: $bare_rps req/s" "$(ratio "$get_rps" "$bare_rps") (goal 0.9x, p99 <= 10 ms)"
row "the same, If-None-Match: 304" "$c304_rps req/s, p99 $c304_p99 ms" "the 200s above: $get_rps req/s" "$(ratio "$c304_rps" "$get_rps") (goal >= 1x)"
if command -v nginx >/dev/null; then
  mkdir -p "$work/nginx" && cp "$work/job.json" "$work/nginx/job.json"
  cat >"$work/nginx.conf" <<EOF
worker_processes 1; daemon off; pid $work/nginx.pid; error_log $work/nginx-error.log;
events { worker_connections 1024; }
http { access_log off; server { listen 127.0.0.1:18183; root $work/nginx; location / { default_type application/json; } } }
EOF
  nginx -c "$work/nginx.conf" &
  pids+=($!)
  sleep 0.3
  read -r nginx_rps _ < <(measure -c64 http://127.0.0.1:18183/job.json)
  row "GET /v1/jobs/{id} against nginx" "$get_rps req/s" "nginx, 1 worker, same file: $nginx_rps req/s" "$(ratio "$get_rps" "$nginx_rps") (goal 0.5x)"
fi

# ---- 1,000 parked long-polls: the memory they take -------------------------
cat >"$work/longpoll.lua" <<EOF
wrk.headers["Authorization"] = "Bearer $token"
wrk.headers["Prefer"] = "wait=60"
EOF
stop_service
# A job that stays running: each change of the simulated lab takes 10 minutes.
start_service "$work/get" 18181 --sim-delay-ms 600000 --max-long-polls 1000 --max-connections 1100
idle_rss=$(rss_mb "$pid")
lp_id=$(curl -sf -H "$auth" -H 'Content-Type: application/json' -X POST http://127.0.0.1:18181/v1/node-preparations \
  -d '{"nodes":["EX-NODE1"],"features":["PowerShell"]}' | jq -r .id)
sleep 0.5
lp_etag=$(curl -sf -D - -o /dev/null -H "$auth" "http://127.0.0.1:18181/v1/jobs/$lp_id" | awk -F': ' 'tolower($1) == "etag" { print $2 }' | tr -d '\r')
echo "wrk.headers[\"If-None-Match\"] = '$lp_etag'" >>"$work/longpoll.lua"
wrk -t2 -c1000 -d6s --timeout 70s -s "$work/longpoll.lua" "http://127.0.0.1:18181/v1/jobs/$lp_id" >"$work/longpoll.out" 2>&1 &
sleep 4
poll_rss=$(rss_mb "$pid")
wait $! 2>/dev/null || true
# Parked requests are not answered within the run: wrk counts none done.
answered=$(awk '/requests in/ { print $1 }' "$work/longpoll.out")
row "RSS, idle" "$idle_rss MB" "-" "goal <= 30 MB"
row "RSS with 1,000 parked long-polls" "$poll_rss MB (answered during the 6 s: ${answered:-?})" "-" "goal <= 60 MB"
stop_service

# ---- Submits: group commit against raw SQLite -----------------------------
source "$root/scripts/bench-submits.sh"
mkdir -p "$work/submit"
token=$(new_token "$work/submit")
lab="$root/deploy/sim/exchange-ccr-lab-witness-not-writable.json"
start_service "$work/submit" 18184 --sim-delay-ms 600000 --lab "$lab"
hold_cluster_and_write_submit_script http://127.0.0.1:18184 "$token" "$work/post.lua"
# In turns: the disk's speed drifts too.
for _ in $(seq "$rounds"); do
  measure_once -c16 -s "$work/post.lua" http://127.0.0.1:18184/v1/validations >>"$work/submits"
  "$bin/clusterforge_bench_sqlite_inserts" "$work" "$seconds" | awk '{ print $2 }' >>"$work/raw"
done
read -r submit_rps submit_p99 < <(median "$work/submits")
raw=$(median "$work/raw")
row "POST /v1/validations (16 connections; every 202 durable)" "$submit_rps jobs/s, p99 $submit_p99 ms" \
  "raw SQLite, WAL, synchronous=FULL, a row per transaction: $raw rows/s" "$(ratio "$submit_rps" "$raw") (goal 1x)"
stop_service

# ---- Restart with 100,000 queued jobs, and memory after listing them all ---
# A data directory of its own, so the queue is 100,000 however many the
# submit measurement made: one validation queued behind the held cluster
# through the API, then 99,999 copies of it.
mkdir -p "$work/restart"
token=$(new_token "$work/restart")
start_service "$work/restart" 18184 --sim-delay-ms 600000 --lab "$lab"
hold_cluster_and_write_submit_script http://127.0.0.1:18184 "$token" "$work/post.lua"
curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -X POST \
  http://127.0.0.1:18184/v1/validations -d '{"cluster":"EXCLUSTER"}' >/dev/null
stop_service
"$bin/clusterforge_bench_queue_filler" "$work/restart/clusterforge.db" 99999 >/dev/null
started=$(date +%s%N)
start_service "$work/restart" 18184 --sim-delay-ms 600000 --lab "$lab"
until curl -sf -H "Authorization: Bearer $token" http://127.0.0.1:18184/readyz >/dev/null; do sleep 0.01; done
ready_ms=$(( ($(date +%s%N) - started) / 1000000 ))
queued_rss=$(rss_mb "$pid")
next=""
while :; do
  page=$(curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:18184/v1/jobs?limit=200$next")
  token_next=$(jq -r '.nextPageToken // empty' <<<"$page")
  [ -z "$token_next" ] && break
  next="&pageToken=$token_next"
done
listed_rss=$(rss_mb "$pid")
row "restart with 100,000 queued jobs: /readyz ready" "$ready_ms ms" "-" "goal <= 500 ms"
row "RSS with 100,000 queued, after listing them all" "$listed_rss MB (before the list: $queued_rss MB)" "-" "goal <= 40 MB"
stop_service

# ---- Paging at 100,000 jobs, and the scheduler ------------------------------
paging=$("$bin/clusterforge_bench_job_paging" | sed -n 's/^worst ratio.*: \([0-9.]*\).*/\1/p')
row "GET /v1/jobs?limit=50 at 100,000 jobs" "worst page: ${paging}x its time at 1,000 (events included)" "the same pages at 1,000 jobs" "${paging}x (goal <= 1.5x)"
scheduler=$("$bin/clusterforge_bench_scheduler" 500 64 200)
plain=$(awk '/^ratio/ { print $2 }' <<<"$scheduler")
busy=$(awk '/^ratio/ { print $4 }' <<<"$scheduler")
row "scheduler: 500 clusters x 3 steps of 200 ms, 64 workers" "$(sed -n 1p <<<"$scheduler" | sed 's/.*workers: //')" \
  "ideal makespan; behind a busy cluster: ${busy}x" "${plain}x (goal <= 1.1x)"

echo
echo "| what | ClusterForge | reference (same run) | ratio |"
echo "|---|---|---|---|"
printf '%s\n' "${rows[@]}"

# ---- The same service on PostgreSQL against SQLite --------------------------
"$root/scripts/bench-postgres.sh" --seconds "$seconds"
