#!/usr/bin/env bash
# Runs the Postman collection (the runbook as a flow with tests) with newman
# against a live service on the simulated lab: a data directory of its own,
# a free loopback port, an admin token made as an operator makes the first
# one. Expects build/bin/clusterforge built and tests/contract's npm
# packages (newman among them) installed, as the test command leaves them.
#   tests/postman/run.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
bin="$root/build/bin/clusterforge"
data="$(mktemp -d)"
# A free port: one nothing answers on.
for _ in $(seq 1 50); do
  port=$((20000 + RANDOM % 20000))
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break
done
"$bin" run --listen "http://127.0.0.1:$port" --data-dir "$data" --sim-delay-ms 20 >"$data/console.txt" 2>&1 &
service=$!
cleanup() {
  kill -TERM "$service" 2>/dev/null && wait "$service" 2>/dev/null || true
  rm -rf "$data"
}
trap cleanup EXIT
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  kill -0 "$service" 2>/dev/null || { cat "$data/console.txt"; exit 1; }
  sleep 0.1
done
token=$("$bin" token create --data-dir "$data" --name newman --role admin | tail -n 1)
cd "$root/tests/contract"
npx --no-install newman run "$root/tests/postman/clusterforge.postman_collection.json" \
  --env-var "server=http://127.0.0.1:$port" --env-var "token=$token" --color off
