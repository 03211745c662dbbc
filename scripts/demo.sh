#!/usr/bin/env bash
# Builds ClusterForge, starts it on the simulated reference lab, and drives
# the runbook through the REST API with curl, the way an operator would:
# create the EXCLUSTER cluster on EX-NODE1 and EX-NODE2, follow the job's
# progress, then show the resulting cluster.
#
#   scripts/demo.sh [--keep-running] [--port N] [--data-dir DIR]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
port=8080
data_dir="$root/build/demo-data"
keep_running=false
while [ $# -gt 0 ]; do
  case "$1" in
    --keep-running) keep_running=true ;;
    --port) port="$2"; shift ;;
    --data-dir) data_dir="$2"; shift ;;
    *) echo "usage: $0 [--keep-running] [--port N] [--data-dir DIR]" >&2; exit 2 ;;
  esac
  shift
done

"$root/scripts/build.sh"

base="http://127.0.0.1:$port"
rm -rf "$data_dir" && mkdir -p "$data_dir"
"$root/build/bin/clusterforge" run --listen "$base" --data-dir "$data_dir" --sim-delay-ms 2000 \
  >"$data_dir/console.txt" 2>&1 &
service=$!
stop_service() { kill -TERM "$service" 2>/dev/null && wait "$service" 2>/dev/null || true; }
trap stop_service EXIT

for _ in $(seq 1 100); do
  curl -fs "$base/readyz" >/dev/null 2>&1 && break
  kill -0 "$service" 2>/dev/null || { cat "$data_dir/console.txt"; exit 1; }
  sleep 0.1
done
say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

say "ClusterForge is ready on $base"
curl -fs "$base/readyz" | jq .

say "Runbook step 2: create cluster EXCLUSTER on EX-NODE1, EX-NODE2 at 10.0.0.50/24"
echo "PUT $base/v1/clusters/EXCLUSTER"
job=$(curl -fs -X PUT "$base/v1/clusters/EXCLUSTER" -H 'Content-Type: application/json' -d '{
  "nodes": ["EX-NODE1", "EX-NODE2"],
  "staticAddresses": [{"address": "10.0.0.50", "prefixLength": 24}]
}')
id=$(jq -r .id <<<"$job")
echo "202 Accepted: job $id ($(jq -r .kind <<<"$job")), poll $(jq -r .links.self <<<"$job")"

say "Following the job"
last=""
while true; do
  job=$(curl -fs "$base/v1/jobs/$id")
  line=$(jq -r '"\(.status) \(.progress.percent)% " + ([.progress.steps[] | "\(.name)=\(.status)"] | join(" "))' <<<"$job")
  [ "$line" != "$last" ] && echo "  $line" && last="$line"
  case "$(jq -r .status <<<"$job")" in succeeded|failed|canceled) break ;; esac
  sleep 0.3
done

say "The job's event log"
curl -fs "$base/v1/jobs/$id/events" | jq -r '.items[] | "  \(.time) \(.level) \(.step // "-"): \(.message)"'

if [ "$(jq -r .status <<<"$job")" != "succeeded" ]; then
  say "The job did not succeed"; jq .error <<<"$job"; exit 1
fi

say "The cluster as observed: GET $base/v1/clusters/EXCLUSTER"
curl -fs "$base/v1/clusters/EXCLUSTER" | jq '{name, domain, nodes, staticAddresses, networks, quorum, lastJob}'

say "The same PUT again converges without changing anything"
id2=$(curl -fs -X PUT "$base/v1/clusters/EXCLUSTER" -H 'Content-Type: application/json' \
  -d '{"nodes":["EX-NODE1","EX-NODE2"],"staticAddresses":[{"address":"10.0.0.50","prefixLength":24}]}' | jq -r .id)
until [ "$(curl -fs "$base/v1/jobs/$id2" | jq -r .status)" = succeeded ]; do sleep 0.2; done
curl -fs "$base/v1/jobs/$id2" | jq '{status, result: {changed: .result.changed}, createCluster: .progress.steps[1].message}'
echo "CreateCluster calls made by the simulated lab: $(jq .changeCounters.createCluster "$data_dir/simulated-lab.json")"

say "Done"
echo "Data directory: $data_dir (clusterforge.db, simulated-lab.json)"
echo "Service log:    $data_dir/clusterforge.log"
echo "Contract:       $base/openapi.yaml"
if $keep_running; then
  echo "The service keeps running on $base; press Ctrl-C to stop it."
  wait "$service"
fi
