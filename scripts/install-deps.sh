#!/usr/bin/env bash
# Installs the Debian packages ClusterForge builds and tests with, skipping
# the ones already present. Runs apt-get as root, or through sudo.
#   scripts/install-deps.sh [--windows] [--fuzz] [--promtool] [--browser] [--bench] [--postgres]
#   (--windows: mingw-w64 and Wine; --fuzz: clang and its libFuzzer;
#    --promtool: Prometheus, whose promtool checks /metrics in the tests;
#    --browser: Chromium, which loads /docs headless in the tests;
#    --bench: wrk, the HTTP load generator of scripts/bench.sh;
#    --postgres: the PostgreSQL server the tests start one of their own of)
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config
  libcpprest-dev libboost-dev libssl-dev nlohmann-json3-dev libspdlog-dev libsqlitecpp-dev libsqlite3-dev libpq-dev
  libgtest-dev googletest
  curl jq openssl
)
for extra in "$@"; do
  case "$extra" in
    --windows) packages+=(g++-mingw-w64-x86-64 wine64) ;;
    --fuzz) packages+=(clang libclang-rt-14-dev) ;;
    --promtool) packages+=(prometheus) ;;
    --browser) packages+=(chromium) ;;
    --bench) packages+=(wrk) ;;
    --postgres) packages+=(postgresql) ;;
    *) echo "install-deps.sh: unknown option $extra" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# Node.js runs the contract checks. Some images ship it outside Debian's
# packages (with npm inside); only a machine without it gets Debian's.
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "installing: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
