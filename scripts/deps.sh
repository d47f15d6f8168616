#!/usr/bin/env bash
# deps.sh [--test|--bench] — install the Debian 12 packages wvlv needs to build and run
# (with --test also those the test command needs: Node.js + npm for the Spectral lint,
# docker-compose for the compose file check, gdal-bin — ogrinfo/ogr2ogr — for the GDAL
# client test of the OGC API, clang and libclang-rt-14-dev — libFuzzer, -fsanitize=fuzzer — for
# the fuzz harnesses; systemd, nginx-light, openssl and prometheus — systemd-analyze, nginx -t,
# promtool — for the checks of deploy/ and of /metrics (prometheus's own service is not started
# by wvlv's tests); chromium for the browser test of the HTML pages of /ogc/v1;
# pg_auto_failover (postgresql-15-auto-failover, pg-auto-failover-cli) for the failover test
# (scripts/ha.sh, scripts/ha-test.sh; `wvlv serve` itself does not need it); wrk for the smoke
# run of bench/national.sh;
# with --bench those the benchmarks in bench/ need: wrk, nginx-light, gnuplot-nox for the plot
# of bench/national.sh).
# libjs-leaflet (Leaflet, for the maps of those pages) is needed at run time too, and
# zlib1g-dev to configure the build (CMake finds zlib for the tests' PNG reader), and
# libgdal-dev: wvlv links GDAL's C API for `wvlv import` and `wvlv export` (gdal-bin, in the
# test packages, makes the tests' files with ogr2ogr).
#
# Installs only what is missing (checked with dpkg-query); when nothing is missing it changes
# nothing and does not even run `apt-get update`. Runs apt-get directly as root, through sudo
# otherwise, and without either prints the exact command to run.
set -euo pipefail

# gcc + make + libc6-dev rather than build-essential: the same compiler without g++/dpkg-dev.
# gcc-12 brings libasan/libubsan for the sanitizer build.
packages=(
  gcc make libc6-dev cmake pkg-config
  libmicrohttpd-dev libjansson-dev libpq-dev libssl-dev libcurl4-openssl-dev libyaml-dev
  check libsubunit-dev
  postgresql-15 postgresql-15-postgis-3
  util-linux ca-certificates curl tzdata
  libjs-leaflet zlib1g-dev libgdal-dev
)
test_packages=(nodejs npm docker-compose gdal-bin clang libclang-rt-14-dev wrk
  systemd nginx-light openssl prometheus chromium
  postgresql-15-auto-failover pg-auto-failover-cli)
bench_packages=(wrk nginx-light gnuplot-nox)

case ${1:-} in
  '') ;;
  --test) packages+=("${test_packages[@]}") ;;
  --bench) packages+=("${bench_packages[@]}") ;;
  -h|--help) sed -n '2,14s/^# \{0,1\}//p' "$0"; exit 0 ;;
  *) echo "usage: deps.sh [--test|--bench]" >&2; exit 2 ;;
esac

if ! command -v dpkg-query >/dev/null || ! command -v apt-get >/dev/null; then
  echo "deps.sh: this needs Debian 12 (dpkg + apt-get); install the equivalents of: ${packages[*]}" >&2
  exit 1
fi

# A package counts as present when dpkg has it installed, or — for the tools that also come
# from other sources (NodeSource's nodejs bundles npm; docker-compose may be a binary; any
# nginx serves the benchmark) — when its command is on PATH: installing Debian's npm next to
# NodeSource's nodejs would conflict.
present() {
  case $1 in
    nodejs) command -v node >/dev/null && return 0 ;;
    npm) command -v npm >/dev/null && return 0 ;;
    docker-compose) command -v docker-compose >/dev/null && return 0 ;;
    wrk) command -v wrk >/dev/null && return 0 ;;
    prometheus) command -v promtool >/dev/null && return 0 ;;
    nginx-light) { command -v nginx >/dev/null || [ -x /usr/sbin/nginx ]; } && return 0 ;;
  esac
  [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null || true)" = installed ]
}

missing=()
for p in "${packages[@]}"; do
  present "$p" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "deps.sh: all ${#packages[@]} packages present"
  exit 0
fi

echo "deps.sh: installing ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null; then
  sudo=(sudo)
else
  echo "deps.sh: missing packages and neither root nor sudo; as root run:" >&2
  echo "  apt-get update && apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi

"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"

still=()
for p in "${missing[@]}"; do
  present "$p" || still+=("$p")
done
if [ ${#still[@]} -ne 0 ]; then
  echo "deps.sh: still missing after apt-get install: ${still[*]}" >&2
  exit 1
fi
echo "deps.sh: done"
