#!/usr/bin/env bash
# Builds ClusterForge, starts it on the simulated reference lab, and drives
# runbook steps 2-4 through the REST API with curl, the way an operator would:
# create the EXCLUSTER cluster on EX-NODE1 and EX-NODE2, name its networks
# Public and Private with their roles, prepare the FSM_MBX witness share on
# EX-HUB1 and set Node and File Share Majority; then show that repeating the
# requests changes nothing.
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

# PUT a body, then follow the job it started until it ends; prints its steps.
run_job() {
  local path="$1" body="$2" job id last="" line
  echo "PUT $base$path"
  job=$(curl -fs -X PUT "$base$path" -H 'Content-Type: application/json' -H 'Expect:' -d "$body")
  id=$(jq -r .id <<<"$job")
  echo "202 Accepted: job $id ($(jq -r .kind <<<"$job")), polling $(jq -r .links.self <<<"$job")"
  while true; do
    job=$(curl -fs "$base/v1/jobs/$id")
    line=$(jq -r '"  \(.status) \(.progress.percent)% " + ([.progress.steps[] | "\(.name)=\(.status)"] | join(" "))' <<<"$job")
    [ "$line" != "$last" ] && echo "$line" && last="$line"
    case "$(jq -r .status <<<"$job")" in succeeded|failed|canceled) break ;; esac
    sleep 0.3
  done
  jq -r '.progress.steps[] | "    \(.name): \(.message)"' <<<"$job"
  if [ "$(jq -r .status <<<"$job")" != succeeded ]; then
    echo "The job did not succeed:"; jq .error <<<"$job"; exit 1
  fi
  last_job="$job"
}

create='{"nodes": ["EX-NODE1", "EX-NODE2"], "staticAddresses": [{"address": "10.0.0.50", "prefixLength": 24}]}'
networks='{"networks": [
  {"match": {"subnet": "10.0.0.0/24"}, "name": "Public", "role": "clusterAndClient"},
  {"match": {"subnet": "192.168.10.0/24"}, "name": "Private", "role": "clusterOnly"}]}'
quorum='{"mode": "nodeAndFileShareMajority",
  "fileShareWitness": {"path": "\\\\EX-HUB1\\FSM_MBX", "prepare": {"localPath": "C:\\FSM_MBX"}}}'

say "Runbook step 2: create cluster EXCLUSTER on EX-NODE1, EX-NODE2 at 10.0.0.50/24"
run_job /v1/clusters/EXCLUSTER "$create"
echo "The job's event log:"
curl -fs "$(jq -r '.links.events' <<<"$last_job" | sed "s|^|$base|")" |
  jq -r '.items[] | "  \(.time) \(.level) \(.step // "-"): \(.message)"'

say "Runbook step 3: the Public network for clients, the Private one for heartbeats"
run_job /v1/clusters/EXCLUSTER/networks "$networks"
curl -fs "$base/v1/clusters/EXCLUSTER/networks" | jq -r '.items[] | "  \(.name) \(.subnet) \(.role) metric \(.metric)"'

say "Runbook step 4: Node and File Share Majority, witness share prepared on EX-HUB1"
run_job /v1/clusters/EXCLUSTER/quorum "$quorum"
echo "What ClusterForge set up on EX-HUB1:"
jq '.servers[] | select(.name == "EX-HUB1") | {folders, shares}' "$data_dir/simulated-lab.json"

say "The cluster as observed: GET $base/v1/clusters/EXCLUSTER"
curl -fs "$base/v1/clusters/EXCLUSTER" | jq '{name, computerAccount, nodes, staticAddresses,
  networks: [.networks[] | {name, subnet, role}], quorum, lastJob}'

say "The same three requests again converge without changing anything"
before=$(jq -c .changeCounters "$data_dir/simulated-lab.json")
for request in "/v1/clusters/EXCLUSTER|$create" "/v1/clusters/EXCLUSTER/networks|$networks" \
               "/v1/clusters/EXCLUSTER/quorum|$quorum"; do
  run_job "${request%%|*}" "${request#*|}" >/dev/null
  echo "  ${request%%|*}: $(jq -r .status <<<"$last_job"), changed=$(jq -r .result.changed <<<"$last_job")"
done
after=$(jq -c .changeCounters "$data_dir/simulated-lab.json")
echo "Changes the simulated lab applied, before: $before"
echo "                                   after:  $after"

say "Done"
echo "Data directory: $data_dir (clusterforge.db, simulated-lab.json)"
echo "Service log:    $data_dir/clusterforge.log"
echo "Contract:       $base/openapi.yaml"
if $keep_running; then
  echo "The service keeps running on $base; press Ctrl-C to stop it."
  wait "$service"
fi
