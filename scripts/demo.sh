#!/usr/bin/env bash
# Builds ClusterForge, starts it on the simulated reference lab, and drives
# the runbook (RUNBOOK.md) through the REST API with curl, the way an operator
# or a portal would: prepare EX-NODE1 and EX-NODE2 with the Exchange CCR
# features, validate them, create EXCLUSTER, name its networks Public and
# Private, prepare the FSM_MBX witness share on EX-HUB1, set Node and File
# Share Majority, and validate the cluster. By default all of it is one
# request; --step-by-step sends one request per runbook step instead. Either
# way it then sends the requests again to show they change nothing.
#
#   scripts/demo.sh [--step-by-step] [--keep-running] [--port N] [--data-dir DIR]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
port=8080
data_dir="$root/build/demo-data"
keep_running=false
step_by_step=false
while [ $# -gt 0 ]; do
  case "$1" in
    --keep-running) keep_running=true ;;
    --step-by-step) step_by_step=true ;;
    --port) port="$2"; shift ;;
    --data-dir) data_dir="$2"; shift ;;
    *) echo "usage: $0 [--step-by-step] [--keep-running] [--port N] [--data-dir DIR]" >&2; exit 2 ;;
  esac
  shift
done

"$root/scripts/build.sh"

base="http://127.0.0.1:$port"
rm -rf "$data_dir" && mkdir -p "$data_dir"
# Every call but /healthz needs a bearer token: the demo makes an admin one
# on the service's database first, as an operator makes the first token.
token=$("$root/build/bin/clusterforge" token create --data-dir "$data_dir" --name demo --role admin | tail -n 1)
api() { curl -fs -H "Authorization: Bearer $token" "$@"; }
"$root/build/bin/clusterforge" run --listen "$base" --data-dir "$data_dir" --sim-delay-ms 2000 \
  >"$data_dir/console.txt" 2>&1 &
service=$!
stop_service() { kill -TERM "$service" 2>/dev/null && wait "$service" 2>/dev/null || true; }
trap stop_service EXIT

for _ in $(seq 1 100); do
  api "$base/readyz" >/dev/null 2>&1 && break
  kill -0 "$service" 2>/dev/null || { cat "$data_dir/console.txt"; exit 1; }
  sleep 0.1
done
say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

say "ClusterForge is ready on $base"
api "$base/readyz" | jq .

# PUT a body, then follow the job it started until it ends; prints its steps.
run_job() {
  local path="$1" body="$2" method="${3:-PUT}" job id last="" line
  echo "$method $base$path"
  job=$(api -X "$method" "$base$path" -H 'Content-Type: application/json' -H 'Expect:' -d "$body")
  id=$(jq -r .id <<<"$job")
  echo "202 Accepted: job $id ($(jq -r .kind <<<"$job")), polling $(jq -r .links.self <<<"$job")"
  while true; do
    job=$(api "$base/v1/jobs/$id")
    line=$(jq -r '"  \(.status) \(.progress.percent)% \(.progress.currentStep // "")"' <<<"$job")
    [ "$line" != "$last" ] && echo "$line" && last="$line"
    case "$(jq -r .status <<<"$job")" in succeeded|failed|canceled) break ;; esac
    sleep 0.3
  done
  jq -r '.progress.steps[] | "    \(.name): \(.message)"' <<<"$job"
  api "$base/v1/jobs/$id/events?limit=500" |
    jq -r '.items[] | select(.level == "warning") | "    warning (\(.step)): \(.message)"'
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

# Prints a validation result of a job (its verdict, counts and report URLs).
show_validation() {
  local key="$1" v
  v=$(jq -c ".result[\"$key\"] // empty" <<<"$last_job")
  [ -n "$v" ] || return 0
  echo "  $key: $(jq -r '"\(.verdict) (\(.failed) failed, \(.warning) warning(s))"' <<<"$v")"
  echo "    report: $base$(jq -r .href <<<"$v")"
  echo "    page:   $base$(jq -r .html <<<"$v")"
}

# What the runbook's steps ask, as request bodies.
whole='{"nodes": ["EX-NODE1", "EX-NODE2"],
  "staticAddresses": [{"address": "10.0.0.50", "prefixLength": 24}],
  "prepare": {"profile": "exchange2007-ccr-mailbox"},
  "validateBefore": {},
  "networks": '"$(jq -c .networks <<<"$networks")"',
  "quorum": '"$quorum"',
  "validateAfter": {}}'
prepare='{"nodes": ["EX-NODE1", "EX-NODE2"], "profile": "exchange2007-ccr-mailbox"}'

if $step_by_step; then
  say "Runbook step 1: install the CCR mailbox prerequisites on both nodes"
  run_job /v1/node-preparations "$prepare" POST
  jq -r '.result.nodes | to_entries[] | "  \(.key): installed \(.value.installed | length), already there \(.value.alreadyPresent | length)"' <<<"$last_job"
  say "Runbook step 5 (before creating): validate the nodes"
  run_job /v1/validations '{"nodes": ["EX-NODE1", "EX-NODE2"]}' POST
  show_validation validate
  say "Runbook step 2: create cluster EXCLUSTER on EX-NODE1, EX-NODE2 at 10.0.0.50/24"
  run_job /v1/clusters/EXCLUSTER "$create"
  say "Runbook step 3: the Public network for clients, the Private one for heartbeats"
  run_job /v1/clusters/EXCLUSTER/networks "$networks"
  say "Runbook step 4: Node and File Share Majority, witness share prepared on EX-HUB1"
  run_job /v1/clusters/EXCLUSTER/quorum "$quorum"
  say "Runbook step 5: validate the cluster"
  run_job /v1/validations '{"cluster": "EXCLUSTER"}' POST
  show_validation validate
  requests=("PUT|/v1/clusters/EXCLUSTER|$create" "PUT|/v1/clusters/EXCLUSTER/networks|$networks"
            "PUT|/v1/clusters/EXCLUSTER/quorum|$quorum" "POST|/v1/node-preparations|$prepare")
else
  say "The whole runbook in one request: PUT /v1/clusters/EXCLUSTER with every section"
  jq . <<<"$whole"
  echo "First a dry run (?dryRun=true): what it would change, in order, changing nothing:"
  api -X PUT "$base/v1/clusters/EXCLUSTER?dryRun=true" -H 'Content-Type: application/json' -d "$whole" |
    jq -r '(.changes[] | "  \(.step): \(.action) \(.target)\(if (.to | type) == "string" then " -> " + .to else "" end)"), (if .refusal then "  refused: \(.refusal.detail)" else empty end)'
  run_job /v1/clusters/EXCLUSTER "$whole"
  echo "Validation:"
  show_validation validateBefore
  show_validation validateAfter
  requests=("PUT|/v1/clusters/EXCLUSTER|$whole")
fi

echo "What ClusterForge set up on EX-HUB1:"
jq -c '.servers[] | select(.name == "EX-HUB1") | {folders, shares}' "$data_dir/simulated-lab.json"

say "The cluster as observed: GET $base/v1/clusters/EXCLUSTER"
api "$base/v1/clusters/EXCLUSTER" | jq '{name, computerAccount, nodes, staticAddresses,
  networks: [.networks[] | {name, subnet, role}], quorum, lastJob}'

say "The same requests again converge without changing anything"
before=$(jq -c .changeCounters "$data_dir/simulated-lab.json")
for request in "${requests[@]}"; do
  method="${request%%|*}" rest="${request#*|}"
  path="${rest%%|*}" body="${rest#*|}"
  run_job "$path" "$body" "$method" >/dev/null
  echo "  $method $path: $(jq -r .status <<<"$last_job"), changed=$(jq -r .result.changed <<<"$last_job")"
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
  echo "Its admin token 'demo' (shown here only; the service keeps its hash):"
  echo "  export CLUSTERFORGE_TOKEN=$token"
  echo "  curl -H \"Authorization: Bearer \$CLUSTERFORGE_TOKEN\" $base/v1/jobs"
  wait "$service"
fi
