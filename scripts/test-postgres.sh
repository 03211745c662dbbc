#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests: initdb into DIR as an
# unprivileged user, on a free loopback port, with fsync off (nothing in it
# outlives the run). ctest starts it once (fixture "postgres") and stops it
# at the end; tests read the server's base URL from DIR/url and make a
# database of their own on it. TEST_POSTGRES_DURABLE=1 keeps PostgreSQL's
# durable defaults instead (scripts/bench-postgres.sh).
# pause and resume stop the server and start it again on the same port with
# its data kept (a test of what the service does while its database is away).
#   scripts/test-postgres.sh start DIR | stop DIR | pause DIR | resume DIR
set -euo pipefail
action="$1"
dir="$(mkdir -p "$2" && cd "$2" && pwd)"
bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
[ -x "$bin/initdb" ] || { echo "test-postgres.sh: no PostgreSQL server (scripts/install-deps.sh --postgres)" >&2; exit 1; }

# PostgreSQL refuses to run as root: root runs it as the package's account.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# The server on PORT, started in the background; fails when it does not start.
start_on() {
  local settings="-p $1 -k $dir -c listen_addresses=127.0.0.1 -c max_connections=400"
  [ "${TEST_POSTGRES_DURABLE:-}" = 1 ] || settings+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 -o "$settings" start >/dev/null
}

case "$action" in
  start)
    as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$dir/data" "$dir/url"
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -U clusterforge -A trust -E UTF8 --no-sync >"$dir/initdb.log"
    for attempt in 1 2 3 4 5; do
      port=$((20000 + RANDOM % 20000))
      (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && continue  # taken
      if start_on "$port"; then
        echo "postgresql://clusterforge@127.0.0.1:$port" >"$dir/url"
        echo "test PostgreSQL on 127.0.0.1:$port ($dir)"
        exit 0
      fi
    done
    cat "$dir/server.log" >&2
    exit 1
    ;;
  pause)
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null
    ;;
  resume)
    start_on "$(sed 's/.*://' "$dir/url")"
    ;;
  stop)
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$dir/data" "$dir/url"
    ;;
  *) echo "usage: test-postgres.sh start|stop|pause|resume DIR" >&2; exit 2 ;;
esac
