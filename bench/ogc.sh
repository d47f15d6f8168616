#!/usr/bin/env bash
# ogc.sh — benchmark of GET /ogc/v1/collections/designations/items (issue 6, point 5) against
# nginx serving the identical bytes and pgbench running the straightforward per-request query,
# in one run (bench/ogc.md tells how to read it).
#
#   bash bench/ogc.sh               from anywhere; as root or with sudo when packages are missing
#
# 1. installs what is missing (scripts/deps.sh --bench: also wrk, nginx-light), waits while
#    another benchmark runs (bench/lib.sh: bench_lock);
# 2. builds a Release build in build-bench/ (shared with offers.sh);
# 3. starts a private cluster with scripts/pg.sh in .wvlv/bench-ogc-$$ (stopped and deleted on
#    exit), migrates, seeds 2 000 designations (bench/ogc-seed.sql), starts two `wvlv serve`:
#    one with the response cache (default WVLV_OGC_CACHE_MB) and one with WVLV_OGC_CACHE_MB=0;
# 4. fetches each page once from the cached server and gives those bytes to a private nginx
#    (own prefix and config in the run directory, 127.0.0.1, Content-Type application/geo+json);
# 5. per page (limit=100, limit=1000): wrk against the cached wvlv and against nginx (repeated
#    pull), wrk against the uncached wvlv and pgbench with the straightforward query (first
#    pull); every wrk run after a warm-up run; CPU of server, cluster and load generator;
# 6. prints a table and writes it to bench/results/ogc-latest.txt.
#
# Environment (defaults in brackets): BENCH_DURATION [10] seconds per run, BENCH_WARMUP [3],
# BENCH_CONNECTIONS [32] (wrk -c), BENCH_THREADS [2] (wrk -t, pgbench -j), BENCH_PGBENCH_CLIENTS
# [8] (pgbench -c), WVLV_THREADS [4], BENCH_RESULTS [bench/results/ogc-latest.txt],
# BENCH_KEEP [0] (1: keep the cluster and the run directory for inspection).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"

DURATION=${BENCH_DURATION:-10}
WARMUP=${BENCH_WARMUP:-3}
CONNS=${BENCH_CONNECTIONS:-32}
THREADS=${BENCH_THREADS:-2}
PGB_CLIENTS=${BENCH_PGBENCH_CLIENTS:-8}
POOL=${WVLV_THREADS:-4}
RESULTS=${BENCH_RESULTS:-$ROOT/bench/results/ogc-latest.txt}
KEEP=${BENCH_KEEP:-0}
LIMITS=(100 1000)
ITEMS=/ogc/v1/collections/designations/items

require_whole_numbers DURATION WARMUP CONNS THREADS PGB_CLIENTS POOL
if [ "$DURATION" -lt 2 ] || [ "$CONNS" -lt 1 ] || [ "$THREADS" -lt 1 ] || [ "$PGB_CLIENTS" -lt 1 ]; then
  die "BENCH_DURATION must be at least 2, BENCH_CONNECTIONS, BENCH_THREADS, BENCH_PGBENCH_CLIENTS at least 1"
fi
[ "$THREADS" -le "$CONNS" ] || die "BENCH_THREADS ($THREADS) may not exceed BENCH_CONNECTIONS ($CONNS)"

# ---- 1. tools ------------------------------------------------------------------------------

bench_deps
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
find_pg_tools
bench_lock

# ---- 2. build ------------------------------------------------------------------------------

build_release

# ---- 3. cluster, data, servers -------------------------------------------------------------

PG_DIR=$ROOT/.wvlv/bench-ogc-$$
RUN_DIR=$ROOT/.wvlv/bench-ogc-$$.run
cached_pid='' uncached_pid='' nginx_pid=''
# shellcheck disable=SC2317  # invoked by the EXIT trap
cleanup() {
  local rc=$? p
  trap - EXIT INT TERM
  stop_processes "$cached_pid" "$uncached_pid" "$nginx_pid"
  if [ "$rc" -ne 0 ]; then
    for p in serve-cached.log serve-uncached.log nginx/error.log; do
      if [ -s "$RUN_DIR/$p" ]; then echo "ogc.sh: last lines of $p:" >&2; tail -n 5 "$RUN_DIR/$p" >&2 || true; fi
    done
  fi
  remove_cluster
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

mkdir -p "$RUN_DIR/www" "$RUN_DIR/nginx" "$(dirname "$RESULTS")"
# shellcheck disable=SC2119  # no extra environment for scripts/pg.sh
start_cluster

"$WVLV" migrate >/dev/null
say "seeding 2 000 designations (bench/ogc-seed.sql)"
"$PSQL" -X -q -v ON_ERROR_STOP=1 -d "$WVLV_DATABASE_URL" -f bench/ogc-seed.sql | tee "$RUN_DIR/seed.out" >&2
SEED_STATS=$(sql "SELECT count(*) || ' designations, ' || min(ST_NPoints(geom) - 1) || '–' ||
  max(ST_NPoints(geom) - 1) || ' vertices (mean ' || round(avg(ST_NPoints(geom) - 1), 1) || '), ' ||
  count(DISTINCT municipality_code) || ' municipalities' FROM designations")

CACHED_PORT=$(free_port)
start_server cached "$CACHED_PORT" cached_pid
UNCACHED_PORT=$(free_port)
start_server uncached "$UNCACHED_PORT" uncached_pid WVLV_OGC_CACHE_MB=0
CACHED=http://127.0.0.1:$CACHED_PORT
UNCACHED=http://127.0.0.1:$UNCACHED_PORT
say "wvlv serve: cached on $CACHED, WVLV_OGC_CACHE_MB=0 on $UNCACHED (WVLV_THREADS=$POOL)"

RSS0_CACHED=$(rss_kb "$cached_pid")
RSS0_UNCACHED=$(rss_kb "$uncached_pid")

# ---- 4. the identical bytes for nginx ------------------------------------------------------

declare -A BYTES
for n in "${LIMITS[@]}"; do
  f=$RUN_DIR/www/items-$n.json
  status=$(curl -sS -o "$f" -D "$RUN_DIR/items-$n.headers" -w '%{http_code}' "$CACHED$ITEMS?limit=$n")
  [ "$status" = 200 ] || die "GET $ITEMS?limit=$n answered $status: $(head -c 300 "$f")"
  grep -qi '^content-type: application/geo+json' "$RUN_DIR/items-$n.headers" ||
    die "GET $ITEMS?limit=$n is not application/geo+json"
  returned=$(grep -o '"numberReturned":[0-9]*' "$f" | head -n 1 | cut -d: -f2)
  [ "$returned" = "$n" ] || die "GET $ITEMS?limit=$n returned ${returned:-?} features, not $n"
  BYTES[$n]=$(stat -c %s "$f")
  # the cache must hand out these very bytes again
  curl -fsS "$CACHED$ITEMS?limit=$n" | cmp -s - "$f" || die "the cached server answered $ITEMS?limit=$n with other bytes the second time"
  echo "limit=$n: ${BYTES[$n]} bytes" >&2
done

NGINX_PORT=$(free_port)
nginx_user=
[ "$(id -u)" -eq 0 ] && nginx_user="user root root;"
cat >"$RUN_DIR/nginx/nginx.conf" <<EOF
# generated by bench/ogc.sh
$nginx_user
worker_processes auto;
daemon off;
pid $RUN_DIR/nginx/nginx.pid;
error_log $RUN_DIR/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  keepalive_timeout 60s;
  client_body_temp_path $RUN_DIR/nginx/body;
  proxy_temp_path $RUN_DIR/nginx/proxy;
  fastcgi_temp_path $RUN_DIR/nginx/fastcgi;
  uwsgi_temp_path $RUN_DIR/nginx/uwsgi;
  scgi_temp_path $RUN_DIR/nginx/scgi;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $RUN_DIR/www;
    location = $ITEMS {
      types { }
      default_type application/geo+json;
      try_files /items-\$arg_limit.json =404;
    }
  }
}
EOF
"$NGINX" -p "$RUN_DIR/nginx" -e "$RUN_DIR/nginx/error.log" -c "$RUN_DIR/nginx/nginx.conf" 9>&- &
nginx_pid=$!
NGINX_URL=http://127.0.0.1:$NGINX_PORT
for ((i = 0; i < 50; i++)); do
  curl -fsS -o /dev/null "$NGINX_URL$ITEMS?limit=100" 2>/dev/null && break
  kill -0 "$nginx_pid" 2>/dev/null || die "nginx exited"
  sleep 0.1
done
for n in "${LIMITS[@]}"; do
  curl -fsS -D "$RUN_DIR/nginx-$n.headers" "$NGINX_URL$ITEMS?limit=$n" | cmp -s - "$RUN_DIR/www/items-$n.json" ||
    die "nginx does not serve the bytes of limit=$n"
  grep -qi '^content-type: application/geo+json' "$RUN_DIR/nginx-$n.headers" || die "nginx sends another Content-Type"
done
say "nginx $("$NGINX" -v 2>&1 | sed 's#.*/##') on $NGINX_URL (worker_processes auto)"

# ---- 5. measuring helpers ------------------------------------------------------------------

# measure (bench/lib.sh) counts the server's CPU with its children: nginx's workers
SERVER_TICKS=children_ticks

# wrk's summary in one line.  No response() hook: with one, wrk copies every (megabyte) body
# into Lua, a cost nginx's and wvlv's runs would share but that takes the cores from the servers.
# So non2xx is wrk's own count of statuses >= 400; every URL was checked to answer 200 before,
# and nothing here can bring a 1xx or 3xx (no conditional requests, no redirects).
cat >"$RUN_DIR/ogc.lua" <<'LUA'
function done(summary, latency, requests)
	local e = summary.errors
	local bad = e.status
	local seconds = summary.duration / 1e6
	io.write(string.format(
		"BENCH requests=%d seconds=%.3f rps=%.1f non2xx=%d socket_errors=%d p50_ms=%.3f p99_ms=%.3f mbytes=%.1f\n",
		summary.requests, seconds, summary.requests / seconds, bad,
		e.connect + e.read + e.write + e.timeout,
		latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.bytes / 1e6))
end
LUA

# wrk_run NAME SERVER-PID URL : a warm-up run, then the measured run; sets W_* and CPU_*
wrk_run() {
  local name=$1 spid=$2 url=$3
  if [ "$WARMUP" -gt 0 ]; then
    wrk -t"$THREADS" -c"$CONNS" -d"${WARMUP}s" -s "$RUN_DIR/ogc.lua" "$url" >"$RUN_DIR/$name.warm" 2>&1 ||
      { cat "$RUN_DIR/$name.warm" >&2; die "$name: the warm-up run failed"; }
  fi
  measure "$name" "$spid" wrk -t"$THREADS" -c"$CONNS" -d"${DURATION}s" -s "$RUN_DIR/ogc.lua" "$url"
  wrk_result "$name" 24
  CPU_SRV=$(per_req_us "$M_SERVER" "$W_REQS") CPU_PG=$(per_req_us "$M_PG" "$W_REQS")
  CPU_GEN=$(per_req_us "$M_GEN" "$W_REQS") BUSY=$M_BUSY
  ERRORS=$((ERRORS + W_BAD + W_SOCK))
}

# pgbench_run NAME SCRIPT : pgbench -c$PGB_CLIENTS -j$THREADS for WARMUP + DURATION seconds with
# per-second aggregates; B_TPS and B_LAT are those of the DURATION seconds after the first WARMUP
# (each pgbench backend loads PostGIS and PROJ on its first ST_Transform, which the server's
# pooled connections did before), B_TPS_ALL pgbench's figure for the whole run.  As the server
# reads: role wvlv_server, national scope (row-level security shows every municipality).
pgbench_run() {
  local name=$1 script=$2
  rm -f "$RUN_DIR/$name".log*
  measure "$name" "$PM_PID" env PGOPTIONS="-c role=wvlv_server -c wvlv.national=on" \
    "$PGBENCH" -n -c"$PGB_CLIENTS" -j"$THREADS" -T"$((WARMUP + DURATION))" -l --aggregate-interval=1 \
    --log-prefix="$RUN_DIR/$name.log" -f "$script" -d "$WVLV_DATABASE_URL"
  pgbench_result "$name" "$WARMUP" 24
  ERRORS=$((ERRORS + B_FAIL))
  CPU_PG=$(per_req_us "$M_PG" "$B_TX") CPU_GEN=$(per_req_us "$M_GEN" "$B_TX") BUSY=$M_BUSY
}

# the query a server without stored encodings would run per request, as the issue states it
for n in "${LIMITS[@]}"; do
  printf '%s\n' "SELECT json_build_object('type','FeatureCollection','features', json_agg(json_build_object('type','Feature','id',id,'geometry',ST_AsGeoJSON(ST_Transform(geom,4326))::json,'properties',json_build_object('name',name,'kind',kind)))) FROM (SELECT * FROM designations ORDER BY created_at, id LIMIT $n) d;" \
    >"$RUN_DIR/straightforward-$n.sql"
  got=$(PGOPTIONS="-c role=wvlv_server -c wvlv.national=on" "$PSQL" -X -At -d "$WVLV_DATABASE_URL" \
    -f "$RUN_DIR/straightforward-$n.sql" | grep -o '"type" : "Feature"' | wc -l)
  [ "$got" = "$n" ] || die "the straightforward query returns $got features for limit $n (row-level security?)"
done

# ---- 6. the runs ---------------------------------------------------------------------------

ERRORS=0
declare -A R
for n in "${LIMITS[@]}"; do
  say "limit=$n: repeated pull (wvlv with cache, nginx), wrk -t$THREADS -c$CONNS -d${DURATION}s after ${WARMUP} s"
  wrk_run "wvlv-cached-$n" "$cached_pid" "$CACHED$ITEMS?limit=$n"
  R[cached-$n]="$W_RPS $W_P50 $W_P99 $CPU_SRV $CPU_PG $CPU_GEN $BUSY"
  wrk_run "nginx-$n" "$nginx_pid" "$NGINX_URL$ITEMS?limit=$n"
  R[nginx-$n]="$W_RPS $W_P50 $W_P99 $CPU_SRV $CPU_PG $CPU_GEN $BUSY"

  say "limit=$n: first pull (wvlv with WVLV_OGC_CACHE_MB=0; pgbench -c$PGB_CLIENTS -j$THREADS)"
  wrk_run "wvlv-uncached-$n" "$uncached_pid" "$UNCACHED$ITEMS?limit=$n"
  R[uncached-$n]="$W_RPS $W_P50 $W_P99 $CPU_SRV $CPU_PG $CPU_GEN $BUSY"
  pgbench_run "pgbench-$n" "$RUN_DIR/straightforward-$n.sql"
  R[pgbench-$n]="$B_TPS $B_LAT - - $CPU_PG $CPU_GEN $BUSY"
done

RSS1_CACHED=$(rss_kb "$cached_pid") HWM_CACHED=$(hwm_kb "$cached_pid")
RSS1_UNCACHED=$(rss_kb "$uncached_pid") HWM_UNCACHED=$(hwm_kb "$uncached_pid")
THREADS_CACHED=$(nthreads "$cached_pid")

# ---- 7. the report -------------------------------------------------------------------------

rev=$(tree_rev)
pg_version=$(sql "SHOW server_version" | cut -d' ' -f1)
nth() { local a; read -r -a a <<<"$1"; printf '%s\n' "${a[$2]}"; }
met() { awk -v r="$1" -v t="$2" 'BEGIN { print (r >= t ? "yes" : "NO") }'; }

{
  echo "wvlv OGC items benchmark — $(date -u '+%Y-%m-%d %H:%M UTC') — $(host_summary)"
  echo "tree $rev, Release build; PostgreSQL $pg_version (PostGIS $(sql "SELECT postgis_lib_version()")); WVLV_THREADS=$POOL"
  echo "data: $SEED_STATS (bench/ogc-seed.sql)"
  echo "wrk -t$THREADS -c$CONNS -d${DURATION}s after a ${WARMUP} s warm-up run; nginx $("$NGINX" -v 2>&1 | sed 's#.*/##'), worker_processes auto, sendfile"
  echo "pgbench -n -c$PGB_CLIENTS -j$THREADS -T$((WARMUP + DURATION)) as wvlv_server (national scope), counting the ${DURATION} s after the first ${WARMUP}"
  echo "page sizes: limit=100 ${BYTES[100]} bytes, limit=1000 ${BYTES[1000]} bytes"
  echo
  printf '%-40s %12s %14s %7s %7s %5s\n' "URL" "wvlv req/s" "reference/s" "ratio" "target" "met?"
  for n in "${LIMITS[@]}"; do
    w=$(nth "${R[cached-$n]}" 0) r=$(nth "${R[nginx-$n]}" 0)
    printf '%-40s %12.1f %14s %7s %7s %5s\n' "items?limit=$n repeated (vs nginx)" "$w" \
      "$(printf '%.1f' "$r")" "$(ratio "$w" "$r")" "0.80" "$(met "$(ratio "$w" "$r")" 0.8)"
  done
  for n in "${LIMITS[@]}"; do
    w=$(nth "${R[uncached-$n]}" 0) r=$(nth "${R[pgbench-$n]}" 0)
    printf '%-40s %12.1f %14s %7s %7s %5s\n' "items?limit=$n first pull (vs pgbench)" "$w" \
      "$(printf '%.1f' "$r")" "$(ratio "$w" "$r")" "2.00" "$(met "$(ratio "$w" "$r")" 2)"
  done
  echo "(URL = http://127.0.0.1:PORT$ITEMS?limit=N; first pull = the server with WVLV_OGC_CACHE_MB=0)"
  echo
  echo "errors: $ERRORS (wrk non-2xx and socket errors, pgbench failed transactions, all runs)"
  echo "server memory, VmRSS before the runs → after (peak VmHWM):"
  echo "  wvlv with cache:         $(mib "$RSS0_CACHED") → $(mib "$RSS1_CACHED") (peak $(mib "$HWM_CACHED")), $THREADS_CACHED threads"
  echo "  wvlv WVLV_OGC_CACHE_MB=0: $(mib "$RSS0_UNCACHED") → $(mib "$RSS1_UNCACHED") (peak $(mib "$HWM_UNCACHED"))"
  echo
  echo "latency and CPU per request, µs (the machine has $(nproc) cores = $(( $(nproc) * 1000000 )) µs per second)"
  printf '  %-30s %10s %10s %9s %9s %10s %13s\n' "run" "p50/avg ms" "p99 ms" "server" "postgres" "load gen" "machine busy"
  for n in "${LIMITS[@]}"; do
    for k in cached nginx uncached pgbench; do
      v=${R[$k-$n]}
      printf '  %-30s %10s %10s %9s %9s %10s %13s\n' "$k limit=$n" "$(nth "$v" 1)" "$(nth "$v" 2)" \
        "$(nth "$v" 3)" "$(nth "$v" 4)" "$(nth "$v" 5)" "$(pct "$(nth "$v" 6)")"
    done
  done
  echo "  (server = wvlv, or nginx with its workers; pgbench's CPU figures include its ${WARMUP} warm-up seconds)"
} >"$RUN_DIR/report"

cp "$RUN_DIR/report" "$RESULTS"
say "result (also in ${RESULTS#"$ROOT"/})"
cat "$RUN_DIR/report"
[ "$ERRORS" -eq 0 ] || die "errors during the runs (see above): the figures are not valid"
