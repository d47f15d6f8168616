#!/usr/bin/env bash
# national.sh — the national register benchmark (issue 16, point 1): how the costs of wvlv grow
# from 10^4 to 10^6 offers (bench/national.md tells how to read it).
#
#   bash bench/national.sh           the full run; as root or with sudo when packages are missing
#   bash bench/national.sh --smoke   seconds: a tiny register, every step once (scripts/test.sh)
#
# 1. (full run) installs what is missing (scripts/deps.sh --bench: wrk, gnuplot), waits while
#    another benchmark runs, builds the Release build in build-bench/; the smoke run uses the
#    test build (WVLV, default build/wvlv) and needs wrk;
# 2. a private cluster in .wvlv/bench-national-$$ (stopped and deleted on exit), `wvlv migrate`,
#    the designations (bench/national-seed.sql: 342 municipalities, 50 000 designations), a
#    clerk token of the first municipality (GM0003) and a national reader token;
# 3. per size of the series (10^4, 10^5, 10^6 offers; NATIONAL_SIZES): loads the offers up to
#    that size in bulk (bench/national-offers.sql: offers, events, parcels, audit rows; the
#    same offers whatever the steps), ANALYZE, then
#    a. EXPLAIN: a server whose connections load auto_explain (every statement's plan in the
#       cluster log) answers each request once and the alert job runs once; the plans are
#       searched for a Seq Scan of the tables that grow with the offers (sale_notifications,
#       sale_notification_events, sale_notification_parcels, audit_log, idempotency_keys,
#       alert_ledger): the full run fails on one; those of designations are counted;
#    b. wrk (a warm-up run, then the measured one, national.lua) of each request of the issue:
#       the first page and a page 10 000 items deep (by the cursor of a next link, as a client
#       paging through gets it) of GET /sale-notifications?status=received&deadlineBefore=…,
#       GET /deadlines?within=30, GET /designations?point=…, GET /designations/{id}/statistics,
#       the OGC items with a bbox (WVLV_OGC_CACHE_MB=0: every
#       pull a first pull), POST /sale-notifications and POST …/events (on the offers the POSTs
#       made); p50 and p99 of each;
#    c. the alert job (`wvlv alerts --today ANCHOR --within-days 0 --dry-run`) on the night of
#       the register's anchor, when exactly NATIONAL_DUE offers (added with the first size,
#       the same at every size) reach their response deadline: its wall time;
# 4. at the largest size, RSS of `wvlv serve` (VmHWM) under 64 connections (8 in the smoke run) of mixed reads and
#    writes (every fourth request a POST);
# 5. the table in bench/results/national-latest.txt, the series in national.dat and (full run,
#    gnuplot) the log-log plot bench/results/national.png.
#
# Environment (defaults in brackets; the smoke run has its own small ones): NATIONAL_SIZES
# ["10000 100000 1000000"] offers, NATIONAL_OFFERS [the largest size; 2000000 builds the whole
# register, measured again at that size when it is in NATIONAL_SIZES], NATIONAL_DUE [200],
# BENCH_DURATION [5] s per run, BENCH_WARMUP [2], BENCH_CONNECTIONS [4], BENCH_THREADS [2],
# WVLV_THREADS [8], BENCH_RESULTS [bench/results/national-latest.txt], BENCH_KEEP [0].
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
say() { printf '\n==== %s (at %d s) ====\n' "$*" "$SECONDS" >&2; }

SMOKE=0
case ${1:-} in
  '') ;;
  --smoke) SMOKE=1 ;;
  -h|--help) sed -n '2,37s/^# \{0,1\}//p' "$0"; exit 0 ;;
  *) echo "usage: national.sh [--smoke]" >&2; exit 2 ;;
esac

ANCHOR=2026-11-30           # the register's "now": a Monday; its offers were received before it
if [ "$SMOKE" = 1 ]; then
  MUNIS=12 DESIGNATIONS=240
  read -r -a SIZES <<<"${NATIONAL_SIZES:-1000}"
  DUE=${NATIONAL_DUE:-10} DURATION=${BENCH_DURATION:-1} WARMUP=${BENCH_WARMUP:-0}
  CONNS=${BENCH_CONNECTIONS:-2} DEEP=200 MIXED_CONNS=8
  RESULTS=${BENCH_RESULTS:-$ROOT/.wvlv/national-smoke.txt}
else
  MUNIS=342 DESIGNATIONS=50000
  read -r -a SIZES <<<"${NATIONAL_SIZES:-10000 100000 1000000}"
  DUE=${NATIONAL_DUE:-200} DURATION=${BENCH_DURATION:-5} WARMUP=${BENCH_WARMUP:-2}
  CONNS=${BENCH_CONNECTIONS:-4} DEEP=10000 MIXED_CONNS=64
  RESULTS=${BENCH_RESULTS:-$ROOT/bench/results/national-latest.txt}
fi
THREADS=${BENCH_THREADS:-2}
POOL=${WVLV_THREADS:-8}
KEEP=${BENCH_KEEP:-0}
MAX_OFFERS=${NATIONAL_OFFERS:-${SIZES[${#SIZES[@]} - 1]}}
require_whole_numbers DUE DURATION WARMUP CONNS THREADS POOL MAX_OFFERS
for s in "${SIZES[@]}"; do
  case $s in ''|*[!0-9]*) die "NATIONAL_SIZES must be whole numbers, not '$s'" ;; esac
  [ "$s" -le "$MAX_OFFERS" ] || die "a size ($s) exceeds NATIONAL_OFFERS ($MAX_OFFERS)"
done
[ "$THREADS" -le "$CONNS" ] || die "BENCH_THREADS ($THREADS) may not exceed BENCH_CONNECTIONS ($CONNS)"

# ---- 1. tools and build ----------------------------------------------------------------------

if [ "$SMOKE" = 1 ]; then
  WVLV=${WVLV:-$ROOT/build/wvlv}
  [ -x "$WVLV" ] || die "no wvlv at $WVLV (build it, or set WVLV)"
  command -v wrk >/dev/null || die "wrk is missing (bash scripts/deps.sh --test)"
  find_pg_tools
else
  bench_deps
  find_pg_tools
  bench_lock
  build_release
fi

# ---- 2. cluster, designations, tokens --------------------------------------------------------

PG_DIR=$ROOT/.wvlv/bench-national-$$
RUN_DIR=$ROOT/.wvlv/bench-national-$$.run
server_pid=''
# shellcheck disable=SC2317  # invoked by the EXIT trap
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_processes "$server_pid"
  if [ "$rc" -ne 0 ] && [ -s "$RUN_DIR/serve.log" ]; then
    echo "national.sh: last lines of serve.log:" >&2; tail -n 5 "$RUN_DIR/serve.log" >&2 || true
  fi
  remove_cluster
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

mkdir -p "$RUN_DIR" "$(dirname "$RESULTS")"
if [ "$SMOKE" = 1 ]; then start_cluster WVLV_PG_FAST=1; else start_cluster; fi
PG_LOG=$PG_DIR/log
# a setting for the whole cluster, applied to new connections
# (auto_explain loaded first: ALTER SYSTEM knows its settings only then)
pg_set() {
  local stmt="ALTER SYSTEM SET $1 = '$2'"
  [ "$2" = DEFAULT ] && stmt="ALTER SYSTEM RESET $1"
  "$PSQL" -X -q -v ON_ERROR_STOP=1 -d "$WVLV_DATABASE_URL" -c "LOAD 'auto_explain'" -c "$stmt" >/dev/null
}
pg_reload() { sql "SELECT pg_reload_conf()" >/dev/null; sleep 0.3; }
psql_file() { "$PSQL" -X -q -v ON_ERROR_STOP=1 -d "$WVLV_DATABASE_URL" "$@" >/dev/null; }

"$WVLV" migrate >/dev/null
say "designations: $MUNIS municipalities, $DESIGNATIONS designations (bench/national-seed.sql)"
t0=$SECONDS
psql_file -v municipalities="$MUNIS" -v designations="$DESIGNATIONS" -v anchor="$ANCHOR" -f bench/national-seed.sql
LOAD_DESIGNATIONS_S=$((SECONDS - t0))
echo "loaded in ${LOAD_DESIGNATIONS_S} s" >&2

CLERK=$("$WVLV" keys create --municipality GM0003 --role clerk --label "clerk GM0003" | tail -n 1)
NATIONAL=$("$WVLV" keys create --national --role reader --label "national reader" | tail -n 1)
[ ${#CLERK} -eq 43 ] && [ ${#NATIONAL} -eq 43 ] || die "wvlv keys create did not print a token"

# The designation of GM0003 the reads and the POSTs use: the first one in force on the
# anchor since at least 6 weeks (an offer received 3 days before the anchor falls in it).
read -r DESIG_ID LON LAT BBOX < <(sql "SELECT b.id, round(ST_X(p)::numeric, 6), round(ST_Y(p)::numeric, 6),
    concat_ws(',', round(ST_X(ll)::numeric, 5), round(ST_Y(ll)::numeric, 5), round(ST_X(ur)::numeric, 5), round(ST_Y(ur)::numeric, 5))
  FROM bench_designation b,
       ST_Transform(ST_SetSRID(ST_MakePoint(b.cx, b.cy), 28992), 4326) p,
       ST_Transform(ST_SetSRID(ST_MakePoint(b.cx - 5000, b.cy - 5000), 28992), 4326) ll,
       ST_Transform(ST_SetSRID(ST_MakePoint(b.cx + 5000, b.cy + 5000), 28992), 4326) ur
  WHERE b.code = 'GM0003' AND b.from_day <= DATE '$ANCHOR' - 45 AND b.until_day >= DATE '$ANCHOR'
  ORDER BY b.no LIMIT 1" | tr '|' ' ')
[ -n "${DESIG_ID:-}" ] || die "no designation of GM0003 is in force on $ANCHOR"
# The statistics are of another designation of GM0003, one the POSTs never reach: its offers are
# the bulk load's, so they grow with the register and not with the benchmark's own POSTs.
STATS_ID=$(sql "SELECT b.id FROM bench_designation b WHERE b.code = 'GM0003' AND b.id <> '$DESIG_ID'
  ORDER BY b.no LIMIT 1")
[ -n "$STATS_ID" ] || die "GM0003 has only one designation"
RECEIVED=$(date -d "$ANCHOR - 3 days" +%F)
# %p: national.lua's placeholder of the cadastral parcel
printf '{"municipalityCode":"GM0003","receivedOn":"%s","property":{"cadastralParcels":["%%p"],"address":{"street":"Bankastraat","houseNumber":"7","postalCode":"9711 AA","city":"Plaats GM0003"},"location":{"type":"Point","coordinates":[%s,%s]}},"owner":{"name":"A. Jansen","email":"a.jansen@example.nl"},"askingPrice":"295000.00"}\n' \
  "$RECEIVED" "$LON" "$LAT" >"$RUN_DIR/post.json"
DEADLINE_BEFORE=$(date -d "$ANCHOR + 50 days" +%F)
LIST="/api/v1/sale-notifications?status=received&deadlineBefore=$DEADLINE_BEFORE&limit=100"
ITEMS="/ogc/v1/collections/designations/items?bbox=$BBOX&limit=100"

# ---- 3. per size -----------------------------------------------------------------------------

# the tables that grow with the offers: a Seq Scan of one fails the full run; one of
# designations (50 000 rows at every size) is reported
BIG_TABLES='sale_notifications|sale_notification_events|sale_notification_parcels|audit_log|idempotency_keys|alert_ledger'
NAMES=(list-first list-deep deadlines designations-point statistics ogc-items post-offer post-event)
declare -A P50 P99 RPS BAD
declare -A ALERT_S ALERT_ITEMS LOAD_S SEQSCANS DSCANS DEEP_OFFSET MATCHED
loaded=0
DATA=$RUN_DIR/national.dat
: >"$DATA"
: >"$RUN_DIR/seqscans.txt"

load_offers() {  # load_offers LAST : offers loaded+1..LAST
  local last=$1 t0=$SECONDS
  [ "$last" -gt "$loaded" ] || return 0
  say "offers $((loaded + 1))..$last (bench/national-offers.sql)"
  psql_file -v first=$((loaded + 1)) -v last="$last" -v designations="$DESIGNATIONS" -v anchor="$ANCHOR" \
    -v due=0 -f bench/national-offers.sql
  # VACUUM of the offers: the visibility map autovacuum would set within minutes of a bulk
  # insert (the index-only counts of migration 0019 read it), set before the measurements
  sql "VACUUM (ANALYZE) sale_notifications"
  sql "ANALYZE sale_notification_events; ANALYZE sale_notification_parcels; ANALYZE audit_log"
  echo "loaded in $((SECONDS - t0)) s" >&2
  LOAD_S[$last]=$((SECONDS - t0))
  loaded=$last
}

# urls SIZE : the request of each name (GETs: path and query; POSTs: the mode)
declare -A URL TOKEN_OF
set_urls() {
  local matched deep
  matched=$(sql "SELECT count(*) FROM sale_notifications WHERE status = 'received' AND response_deadline < DATE '$DEADLINE_BEFORE'")
  # a page DEEP items deep, or the last full page when the list is shorter
  deep=$(( matched > DEEP + 100 ? DEEP : (matched > 100 ? (matched - 100) / 100 * 100 : 0) ))
  MATCHED[$1]=$matched DEEP_OFFSET[$1]=$deep
  URL[list-first]=$LIST; TOKEN_OF[list-first]=$NATIONAL
  URL[list-deep]=$LIST; TOKEN_OF[list-deep]=$NATIONAL  # deep_cursor sets the cursor
  URL[deadlines]="/api/v1/deadlines?within=30"; TOKEN_OF[deadlines]=$CLERK
  URL[designations-point]="/api/v1/designations?point=$LON,$LAT"; TOKEN_OF[designations-point]=$CLERK
  URL[statistics]="/api/v1/designations/$STATS_ID/statistics"; TOKEN_OF[statistics]=$CLERK
  URL[ogc-items]=$ITEMS; TOKEN_OF[ogc-items]=-
}

# deep_cursor SIZE : the list-deep request, a page DEEP_OFFSET items deep by the cursor of the
# next link of the page before it (asked once by offset, which main still accepts up to 10 000):
# what a client following next links asks for at that depth (a running server needed)
deep_cursor() {
  local deep=${DEEP_OFFSET[$1]} cursor
  [ "$deep" -ge 100 ] || { URL[list-deep]=$LIST; return 0; }
  curl -fsS -H "Authorization: Bearer $NATIONAL" "$BASE$LIST&offset=$((deep - 100))" >"$RUN_DIR/deep-$1.json" ||
    die "GET $LIST&offset=$((deep - 100)) failed"
  cursor=$(grep -o '[?&]cursor=[A-Za-z0-9_-]*' "$RUN_DIR/deep-$1.json" | head -n 1 | cut -d= -f2)
  [ -n "$cursor" ] || die "the page at offset $((deep - 100)) has no next link with a cursor"
  URL[list-deep]="$LIST&cursor=$cursor"
}

# one_pass NAME STEP : each request once (the EXPLAIN pass); the POST's parcel BNC01 OA STEP
one_pass() {
  local n code id
  for n in list-first list-deep deadlines designations-point statistics ogc-items; do
    code=$(curl -sS -o "$RUN_DIR/once-$n.json" -w '%{http_code}' -H "Authorization: Bearer ${TOKEN_OF[$n]}" "$BASE${URL[$n]}")
    [ "$code" = 200 ] || die "GET ${URL[$n]} answered $code: $(head -c 300 "$RUN_DIR/once-$n.json")"
  done
  code=$(curl -sS -o "$RUN_DIR/once-post.json" -D "$RUN_DIR/once-post.h" -w '%{http_code}' -X POST \
    -H "Authorization: Bearer $CLERK" -H 'Content-Type: application/json' -H "Idempotency-Key: once-$1" \
    --data-binary "$(sed "s/%p/BNC01 OA $2/" "$RUN_DIR/post.json")" "$BASE/api/v1/sale-notifications")
  [ "$code" = 201 ] || die "POST /api/v1/sale-notifications answered $code: $(head -c 300 "$RUN_DIR/once-post.json")"
  id=$(tr -d '\r' <"$RUN_DIR/once-post.h" | sed -n 's#^Location: .*/sale-notifications/\([0-9a-f-]\{36\}\)$#\1#p')
  code=$(curl -sS -o "$RUN_DIR/once-event.json" -w '%{http_code}' -X POST -H "Authorization: Bearer $CLERK" \
    -H 'Content-Type: application/json' -H "Idempotency-Key: once-ev-$1" \
    -d "{\"type\":\"decision\",\"on\":\"$ANCHOR\",\"decision\":\"willing\"}" "$BASE/api/v1/sale-notifications/$id/events")
  [ "$code" = 201 ] || die "POST …/events answered $code: $(head -c 300 "$RUN_DIR/once-event.json")"
}

alerts_run() {  # alerts_run SIZE : the alert job's wall time and what it reported
  local t0 t1 summary
  t0=$(date +%s.%N)
  "$WVLV" alerts --today "$ANCHOR" --within-days 0 --dry-run --format json >"$RUN_DIR/alerts-$1.out" 2>"$RUN_DIR/alerts-$1.err" ||
    { cat "$RUN_DIR/alerts-$1.err" >&2; die "wvlv alerts failed"; }
  t1=$(date +%s.%N)
  ALERT_S[$1]=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
  summary=$(tail -n 1 "$RUN_DIR/alerts-$1.out")
  ALERT_ITEMS[$1]=$(( $(wc -l <"$RUN_DIR/alerts-$1.out") - 1 ))
  echo "alerts: ${ALERT_S[$1]} s, ${ALERT_ITEMS[$1]} alerts: $summary" >&2
}

explain_pass() {  # explain_pass SIZE STEP : plans of every statement; counts the Seq Scans of big tables
  local size=$1 step=$2 off n
  pg_set session_preload_libraries auto_explain
  pg_set auto_explain.log_min_duration 0
  pg_set auto_explain.log_nested_statements on
  pg_reload
  off=$(stat -c %s "$PG_LOG")
  start_server '' "$HTTP_PORT" server_pid WVLV_OGC_CACHE_MB=0
  deep_cursor "$size"
  one_pass "explain-$size" "$step"
  alerts_run "explain-$size" >/dev/null 2>&1
  stop_processes "$server_pid"; server_pid=''
  pg_set session_preload_libraries DEFAULT; pg_set auto_explain.log_min_duration DEFAULT
  pg_set auto_explain.log_nested_statements DEFAULT
  pg_reload
  tail -c +"$((off + 1))" "$PG_LOG" >"$RUN_DIR/explain-$size.log"
  n=$(grep -Ec "Seq Scan on ($BIG_TABLES)( |$)" "$RUN_DIR/explain-$size.log" || true)
  SEQSCANS[$size]=$n
  DSCANS[$size]=$(grep -Ec "Seq Scan on (designations|designation_periods)( |\$)" "$RUN_DIR/explain-$size.log" || true)
  echo "EXPLAIN at $size offers: $(grep -c 'Query Text' "$RUN_DIR/explain-$size.log" || true) statements, $n Seq Scans of big tables" >&2
  if [ "$n" -gt 0 ]; then
    # the statement of each Seq Scan (auto_explain prints the query text before its plan)
    awk -v re="Seq Scan on ($BIG_TABLES)( |\$)" '/Query Text:/ { q = $0 } $0 ~ re { print "  " $0 "\n    in: " substr(q, 1, 300) }' \
      "$RUN_DIR/explain-$size.log" | tee -a "$RUN_DIR/seqscans.txt" >&2
  fi
}

run_wrk() {  # run_wrk NAME SIZE ARGS... : a warm-up run (not for the events), then the measured one
  local name=$1 size=$2 url
  shift 2
  url=$BASE${URL[$name]:-/}
  if [ "$WARMUP" -gt 0 ] && [ "$name" != post-event ]; then
    wrk -t"$THREADS" -c"$CONNS" -d"${WARMUP}s" -s bench/national.lua "$url" -- "$@" >"$RUN_DIR/$name-$size.warm" 2>&1 ||
      { cat "$RUN_DIR/$name-$size.warm" >&2; die "$name: the warm-up run failed"; }
  fi
  # (not lib.sh's measure: its CPU accounting forks per process, seconds on a loaded machine)
  wrk -t"$THREADS" -c"$CONNS" -d"${DURATION}s" -s bench/national.lua "$url" -- "$@" >"$RUN_DIR/$name-$size.out" 2>&1 ||
    { cat "$RUN_DIR/$name-$size.out" >&2; die "$name: wrk failed"; }
  wrk_result "$name-$size" 30
  P50[$name,$size]=$W_P50 P99[$name,$size]=$W_P99 RPS[$name,$size]=$W_RPS BAD[$name,$size]=$W_BAD
}

HTTP_PORT=$(free_port)
BASE=http://127.0.0.1:$HTTP_PORT
first=1 step=0
SECTIONS=(PA PB PC PD PE PF PG PH)
for size in "${SIZES[@]}"; do
  step=$((step + 1))
  [ "$step" -le ${#SECTIONS[@]} ] || die "at most ${#SECTIONS[@]} sizes"
  sec=${SECTIONS[$((step - 1))]}
  load_offers "$size"
  if [ "$first" = 1 ]; then
    # the night's due offers: received 6 weeks before the anchor, deadline the anchor
    psql_file -v first=1000000001 -v last=$((1000000000 + DUE)) -v designations="$DESIGNATIONS" \
      -v anchor="$ANCHOR" -v due=1 -f bench/national-offers.sql
    first=0
  fi
  set_urls "$size"
  say "$size offers: EXPLAIN pass"
  explain_pass "$size" "$step"
  say "$size offers: wrk -t$THREADS -c$CONNS, ${WARMUP} s + ${DURATION} s per request (WVLV_THREADS=$POOL)"
  start_server '' "$HTTP_PORT" server_pid WVLV_OGC_CACHE_MB=0
  for n in list-first list-deep deadlines designations-point statistics ogc-items; do
    run_wrk "$n" "$size" get "${TOKEN_OF[$n]}"
  done
  run_wrk post-offer "$size" post "$CLERK" "BNC01 $sec" "$RUN_DIR/post.json"
  sql "SELECT id FROM sale_notifications WHERE municipality_code = 'GM0003' AND status = 'received'
       AND property -> 'cadastralParcels' ->> 0 LIKE 'BNC01 $sec %' ORDER BY created_at" >"$RUN_DIR/ids-$size.txt"
  [ -s "$RUN_DIR/ids-$size.txt" ] || die "the POST run made no offers"
  run_wrk post-event "$size" events "$CLERK" "e$size" "$RUN_DIR/ids-$size.txt" "$ANCHOR" "$THREADS"
  if [ "$size" = "${SIZES[${#SIZES[@]} - 1]}" ]; then
    say "$size offers: RSS at $MIXED_CONNS connections, mixed reads and writes"
    for n in list-first deadlines designations-point statistics ogc-items; do printf '%s\n' "${URL[$n]}"; done >"$RUN_DIR/mixed.txt"
    # the national token reads; the POSTs are the clerk's: the mixed run uses the clerk for
    # both (the lists then show GM0003's offers)
    wrk -t"$THREADS" -c"$MIXED_CONNS" -d"$((DURATION * 2))s" -s bench/national.lua "$BASE/" -- \
      mixed "$CLERK" "BNC01 MA" "$RUN_DIR/post.json" "$RUN_DIR/mixed.txt" >"$RUN_DIR/mixed-$size.out" 2>&1 ||
      { cat "$RUN_DIR/mixed-$size.out" >&2; die "mixed: wrk failed"; }
    wrk_result "mixed-$size" 30
    MIXED_LINE="$MIXED_CONNS connections, $W_RPS req/s, p50 $W_P50 ms, p99 $W_P99 ms, non-2xx $W_BAD"
    HWM_KB=$(hwm_kb "$server_pid") RSS_KB=$(rss_kb "$server_pid")
    echo "wvlv serve: VmHWM $(mib "$HWM_KB"), VmRSS $(mib "$RSS_KB") after the mixed run" >&2
  fi
  stop_processes "$server_pid"; server_pid=''
  alerts_run "$size"
  printf '%s' "$size" >>"$DATA"
  for n in "${NAMES[@]}"; do printf ' %s %s' "${P50[$n,$size]}" "${P99[$n,$size]}" >>"$DATA"; done
  printf ' %s\n' "${ALERT_S[$size]}" >>"$DATA"
done
[ "$loaded" -ge "$MAX_OFFERS" ] || load_offers "$MAX_OFFERS"

# the foreign keys the bulk load did not check
orphans=$(sql "SELECT (SELECT count(*) FROM sale_notifications s WHERE NOT EXISTS (SELECT FROM designations d
                 WHERE d.id = s.designation_id AND d.municipality_code = s.municipality_code))
             + (SELECT count(*) FROM sale_notification_events e WHERE NOT EXISTS (SELECT FROM sale_notifications s
                 WHERE s.id = e.sale_notification_id AND s.municipality_code = e.municipality_code))")
[ "$orphans" = 0 ] || die "$orphans rows of the bulk load break a foreign key"
COUNTS=$(sql "SELECT (SELECT count(*) FROM sale_notifications) || ' offers, ' ||
  (SELECT count(*) FROM sale_notification_events) || ' events, ' || (SELECT count(*) FROM audit_log) || ' audit rows, ' ||
  (SELECT count(*) FROM designations) || ' designations, ' || pg_size_pretty(pg_database_size(current_database()))")

# ---- 5. the report ---------------------------------------------------------------------------

{
  echo "bench/national.sh$([ "$SMOKE" = 1 ] && echo ' --smoke') — $(date -u '+%Y-%m-%d %H:%M UTC'), tree $(tree_rev)"
  echo "machine: $(host_summary), load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "register: $COUNTS; anchor $ANCHOR; designations loaded in $LOAD_DESIGNATIONS_S s"
  printf 'offers loaded per step (s):'; for s in "${!LOAD_S[@]}"; do printf ' %s:%s' "$s" "${LOAD_S[$s]}"; done; echo
  echo "wrk -t$THREADS -c$CONNS, ${WARMUP} s warm-up + ${DURATION} s per request, WVLV_THREADS=$POOL, WVLV_OGC_CACHE_MB=0"
  echo
  printf '%-22s' "p50 / p99 ms"; for s in "${SIZES[@]}"; do printf ' | %19s' "$s offers"; done; echo
  for n in "${NAMES[@]}"; do
    printf '%-22s' "$n"
    for s in "${SIZES[@]}"; do printf ' | %8.2f / %8.2f' "${P50[$n,$s]}" "${P99[$n,$s]}"; done; echo
  done
  printf '%-22s' "alert job (s)"; for s in "${SIZES[@]}"; do printf ' | %19s' "${ALERT_S[$s]} (${ALERT_ITEMS[$s]})"; done; echo
  printf '%-22s' "Seq Scans: offers'"; for s in "${SIZES[@]}"; do printf ' | %19s' "${SEQSCANS[$s]}"; done; echo
  printf '%-22s' "Seq Scans: desig."; for s in "${SIZES[@]}"; do printf ' | %19s' "${DSCANS[$s]}"; done; echo
  printf '%-22s' "deep page (by cursor)"; for s in "${SIZES[@]}"; do printf ' | %19s' "${DEEP_OFFSET[$s]} of ${MATCHED[$s]}"; done; echo
  printf '%-22s' "non-2xx"; for s in "${SIZES[@]}"; do t=0; for n in "${NAMES[@]}"; do t=$((t + ${BAD[$n,$s]})); done; printf ' | %19s' "$t"; done; echo
  echo
  echo "RSS at the largest size: VmHWM $(mib "$HWM_KB") (VmRSS $(mib "$RSS_KB")) after $MIXED_LINE"
  echo "alert job: wvlv alerts --today $ANCHOR --within-days 0 --dry-run; $DUE offers due that night (alerts reported in brackets)"
} | tee "$RESULTS"
cp "$DATA" "$(dirname "$RESULTS")/national.dat"

if [ "$SMOKE" = 0 ] && command -v gnuplot >/dev/null; then
  PNG=$(dirname "$RESULTS")/national.png
  gnuplot <<EOF
set terminal pngcairo size 1000,640 font ",10"
set output "$PNG"
set logscale xy
set xlabel "offers in the register"
set ylabel "p50 latency (ms); alert job (s)"
set title "wvlv on the national register: latency against size (bench/national.sh)"
set key outside right
set grid
set xrange [*:*]
plot for [i=1:${#NAMES[@]}] "$DATA" using 1:(column(2*i)) with linespoints title word("${NAMES[*]}", i), \
     "$DATA" using 1:$((2 * ${#NAMES[@]} + 2)) with linespoints dashtype 2 title "alert job (s)"
EOF
  echo "national.sh: plot in $PNG" >&2
fi

bad_total=0
for s in "${SIZES[@]}"; do for n in "${NAMES[@]}"; do bad_total=$((bad_total + ${BAD[$n,$s]})); done; done
[ "$bad_total" = 0 ] || die "$bad_total requests got a non-2xx answer: the figures are not valid"
if [ "$SMOKE" = 0 ]; then
  for s in "${SIZES[@]}"; do [ "${SEQSCANS[$s]}" = 0 ] || die "a plan scans a big table sequentially (see above)"; done
fi

