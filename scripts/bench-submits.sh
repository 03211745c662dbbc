# Sourced by bench.sh and bench-postgres.sh: the submit measurement's setup.
# The service must run on the witness-not-writable lab with --sim-delay-ms
# 600000, so the quorum change made here holds EXCLUSTER for ten minutes a
# step and the validations submitted behind it queue: what is measured is
# the submit alone.
#   hold_cluster_and_write_submit_script BASE_URL TOKEN LUA_FILE
hold_cluster_and_write_submit_script() {
  local base="$1" token="$2" file="$3"
  curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -X PUT \
    "$base/v1/clusters/EXCLUSTER/quorum" -d '{"mode":"nodeMajority"}' >/dev/null
  cat >"$file" <<LUA
wrk.method = "POST"
wrk.body = '{"cluster":"EXCLUSTER"}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $token"
LUA
}
