#!/usr/bin/env bash
# ha.sh — what reads from a standby gain: GET /ogc/v1/collections/designations/items pulled
# through nginx over two `wvlv serve` reading the standby of a pg_auto_failover formation
# (scripts/ha.sh) versus one `wvlv serve` reading the primary (bench/ha.md tells how to read it).
#
#   bash bench/ha.sh            from anywhere; as root or with sudo when packages are missing
#
# 1. a Release build in build-bench/ (shared with ogc.sh and offers.sh);
# 2. a formation in .wvlv/bench-ha (ports 7170..7182, stopped and deleted on exit), 2 000
#    designations (bench/ogc-seed.sql) written through the formation URI;
# 3. repeated pull (the response cache on) and first pull (WVLV_OGC_CACHE_MB=0: every request
#    reads the database) of a page of limit=100 and limit=1000: wrk against both servers at
#    once (half the connections each; they read the standby), against nginx over them, and
#    against one server alone on the primary, each after a warm-up run.
#
# Environment: BENCH_DURATION [10] seconds per run, BENCH_WARMUP [3], BENCH_CONNECTIONS [32],
# BENCH_THREADS [2] (wrk), WVLV_THREADS [4] per server.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"

DURATION=${BENCH_DURATION:-10}
WARMUP=${BENCH_WARMUP:-3}
CONNS=${BENCH_CONNECTIONS:-32}
THREADS=${BENCH_THREADS:-2}
export WVLV_THREADS=${WVLV_THREADS:-4}
export WVLV_HA_DIR=$ROOT/.wvlv/bench-ha WVLV_HA_PORT=7170 WVLV_HA_FAST=1
PORT=$WVLV_HA_PORT
ONE=$((PORT + 12))
ITEMS=/ogc/v1/collections/designations/items

bench_deps
bench_lock
build_release
export WVLV_BIN=$WVLV

one_pid=''
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  [ -z "$one_pid" ] || kill "$one_pid" 2>/dev/null || true
  bash scripts/ha.sh down >/dev/null 2>&1 || true
  rm -rf "$WVLV_HA_DIR"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

rm -rf "$WVLV_HA_DIR"
say "formation"
bash scripts/ha.sh up
URI=$(bash scripts/ha.sh uri)
say "seeding 2 000 designations (bench/ogc-seed.sql)"
psql -X -q -v ON_ERROR_STOP=1 -d "$URI" -f bench/ogc-seed.sql >/dev/null

start_one() {  # one server alone, reading (and writing) the primary
  WVLV_DATABASE_URL=$URI WVLV_LISTEN=127.0.0.1:$ONE "$WVLV" serve >>"$WVLV_HA_DIR/one.log" 2>&1 &
  one_pid=$!
  for ((i = 0; i < 50; i++)); do curl -fs -o /dev/null "http://127.0.0.1:$ONE/readyz" && return 0; sleep 0.2; done
  die "the single server did not start"
}

wrk_rps() {  # wrk_rps PORT LIMIT CONNECTIONS SECONDS : requests per second of wrk
  wrk -t"$THREADS" -c"$3" -d"${4}s" -H "Host: 127.0.0.1:$PORT" "http://127.0.0.1:$1$ITEMS?limit=$2" |
    awk '/^Requests\/sec:/ { printf "%.0f", $2 } /Non-2xx/ { bad = 1 } END { if (bad) printf " (non-2xx!)" }'
}

# the CPU ticks of the primary's whole cluster (its postmaster and backends)
primary_ticks() {
  local n=1
  [ "$(bash scripts/ha.sh primary-port)" = "$((PORT + 2))" ] || n=2
  children_ticks "$(head -n 1 "$WVLV_HA_DIR/node$n/postmaster.pid")"
}

rps() {  # rps PORT LIMIT : requests per second, after a warm-up run
  wrk_rps "$1" "$2" "$CONNS" "$WARMUP" >/dev/null
  primary_ticks >"$WVLV_HA_DIR/p0"
  wrk_rps "$1" "$2" "$CONNS" "$DURATION"
  primary_ticks >"$WVLV_HA_DIR/p1"
}

# the primary's CPU milliseconds per request of the last measured run at RATE requests/s
primary_ms() {
  awk -v t0="$(cat "$WVLV_HA_DIR/p0")" -v t1="$(cat "$WVLV_HA_DIR/p1")" -v r="${1%% *}" -v d="$DURATION" \
    -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f", (r > 0 ? (t1 - t0) * 1000 / hz / (r * d) : 0) }'
}

rps_both() {  # rps_both LIMIT : both servers at once, half the connections each, summed
  local a b
  wrk_rps "$((PORT + 10))" "$1" "$((CONNS / 2))" "$WARMUP" >/dev/null
  primary_ticks >"$WVLV_HA_DIR/p0"
  wrk_rps "$((PORT + 10))" "$1" "$((CONNS / 2))" "$DURATION" >"$WVLV_HA_DIR/a" &
  wrk_rps "$((PORT + 11))" "$1" "$((CONNS / 2))" "$DURATION" >"$WVLV_HA_DIR/b"
  wait
  primary_ticks >"$WVLV_HA_DIR/p1"
  a=$(cat "$WVLV_HA_DIR/a"); b=$(cat "$WVLV_HA_DIR/b")
  echo $(( ${a%% *} + ${b%% *} ))
}

declare -A R P
run_all() {  # run_all LABEL
  local l
  start_one
  for l in 100 1000; do
    R[$1,both,$l]=$(rps_both "$l"); P[$1,both,$l]=$(primary_ms "${R[$1,both,$l]}")
    R[$1,two,$l]=$(rps "$PORT" "$l"); P[$1,two,$l]=$(primary_ms "${R[$1,two,$l]}")
    R[$1,one,$l]=$(rps "$ONE" "$l"); P[$1,one,$l]=$(primary_ms "${R[$1,one,$l]}")
    echo "$1 limit=$l: two servers + standby ${R[$1,both,$l]}/s directly, ${R[$1,two,$l]}/s through nginx; one server ${R[$1,one,$l]}/s" >&2
  done
  kill "$one_pid"; wait "$one_pid" 2>/dev/null || true; one_pid=''
}

say "repeated pull (response cache on)"
run_all repeated
say "first pull (WVLV_OGC_CACHE_MB=0)"
export WVLV_OGC_CACHE_MB=0
bash scripts/ha.sh restart-servers >/dev/null
run_all first

say "results"
printf '%s\n' "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo); wrk -t$THREADS -c$CONNS ${DURATION}s; WVLV_THREADS=$WVLV_THREADS"
echo "requests per second (the primary's CPU milliseconds per request)"
printf '| pull | limit | 2 servers + standby, each pulled directly | the same through nginx | 1 server (primary) |\n|---|---|---|---|---|\n'
for k in repeated first; do
  for l in 100 1000; do
    printf '| %s | %s | %s/s (%s ms) | %s/s (%s ms) | %s/s (%s ms) |\n' "$k" "$l" "${R[$k,both,$l]}" "${P[$k,both,$l]}" \
      "${R[$k,two,$l]}" "${P[$k,two,$l]}" "${R[$k,one,$l]}" "${P[$k,one,$l]}"
  done
done
