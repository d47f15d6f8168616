#!/usr/bin/env bash
# keyset.sh — the first page of each list against a page deep in it (issue 16: keyset paging),
# over HTTP, on a register of a few hundred thousand offers (bench/keyset.md tells how to read it).
#
#   bash bench/keyset.sh                      the Debug build in build/ (cmake first)
#   WVLV_BIN=/path/to/older/wvlv bash bench/keyset.sh    the same with another binary
#
# 1. starts a private cluster with scripts/pg.sh in .wvlv/bench-keyset-$$ (stopped and deleted
#    on exit), migrates with the binary's own migrations, seeds BENCH_DESIGNATIONS designations
#    (bench/ogc-seed.sql scaled), one offer over HTTP and BENCH_OFFERS more cloned from it with one
#    event and one audit row each (bench/keyset-seed.sql);
# 2. for GET /api/v1/sale-notifications (status=received&deadlineBefore, and all), /audit-log,
#    /designations and the OGC items, limit=100: BENCH_REPEAT sequential requests (curl) of the
#    first page, of offset=10000, and of the pages 10 000 and 250 000 (designations: 20 000) items
#    deep — by the cursor of a next link when the binary has them (the cursor of the item before,
#    made in SQL exactly as the server makes it), by offset otherwise; prints p50 and p90 in ms;
# 3. prints the plan (EXPLAIN ANALYZE, from auto_explain of the server's own statements) of the
#    deepest offers page.
#
# Environment (defaults in brackets): BENCH_OFFERS [300000], BENCH_DESIGNATIONS [20000],
# BENCH_REPEAT [21], WVLV_BIN [build/wvlv], BENCH_KEEP [0] (1: keep the cluster).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"

OFFERS=${BENCH_OFFERS:-300000}
DESIGNATIONS=${BENCH_DESIGNATIONS:-20000}
REPEAT=${BENCH_REPEAT:-21}
KEEP=${BENCH_KEEP:-0}
WVLV=${WVLV_BIN:-$ROOT/build/wvlv}
POOL=4
require_whole_numbers OFFERS DESIGNATIONS REPEAT
[ "$OFFERS" -ge 260000 ] || die "BENCH_OFFERS must be at least 260000 (a page 250 000 deep)"
[ -x "$WVLV" ] || die "no binary $WVLV (build first, or set WVLV_BIN)"
find_pg_tools

PG_DIR=$ROOT/.wvlv/bench-keyset-$$
RUN_DIR=$PG_DIR-run
SERVER_PID=
cleanup() { stop_processes "$SERVER_PID"; remove_cluster; }
trap cleanup EXIT
mkdir -p "$RUN_DIR"

# ---- 1. cluster and data --------------------------------------------------------------------

WVLV_PG_FAST=1 start_cluster
"$WVLV" migrate >/dev/null
say "seed: $DESIGNATIONS designations, $OFFERS offers with their events and audit rows"
sed -e "s/generate_series(1, 2000)/generate_series(1, $DESIGNATIONS)/" \
    -e "s/(2001 - i)/($((DESIGNATIONS + 1)) - i)/" bench/ogc-seed.sql |
  "$PSQL" -X -q -v ON_ERROR_STOP=1 -d "$WVLV_DATABASE_URL" >/dev/null
CLERK=$("$WVLV" keys create --municipality GM0505 --role clerk --label bench 2>/dev/null | tail -n 1)
ADMIN=$("$WVLV" keys create --national --role admin --label bench 2>/dev/null | tail -n 1)
sql "ALTER SYSTEM SET shared_preload_libraries = 'auto_explain'" # for step 3
bash "$ROOT/scripts/pg.sh" stop "$PG_DIR" >/dev/null
WVLV_PG_FAST=1 bash "$ROOT/scripts/pg.sh" start "$PG_DIR" "$PG_PORT" >/dev/null 9>&-
PORT=$(free_port)
BASE=http://127.0.0.1:$PORT
start_server "" "$PORT" SERVER_PID WVLV_OGC_CACHE_MB=0 # the statements, not the response cache
D=$(sql "SELECT id FROM designations WHERE municipality_code = 'GM0505'
	 AND 'voorkeursrecht' = ANY (measures) AND designated_from <= '2025-06-01'
	 AND designated_until >= '2025-06-01' ORDER BY created_at LIMIT 1")
P=$(sql "SELECT ST_X(p) || ',' || ST_Y(p) FROM (SELECT ST_Transform(ST_PointOnSurface(geom), 4326)
	 AS p FROM designations WHERE id = '$D') x")
curl -fsS -o /dev/null -H "Authorization: Bearer $CLERK" -H 'Content-Type: application/json' \
  -d '{"municipalityCode":"GM0505","receivedOn":"2025-06-01","property":{"cadastralParcels":
  ["DDT01 A 1"],"location":{"type":"Point","coordinates":['"$P"']}},"owner":{"name":"J. Jansen"},
  "askingPrice":"350000"}' "$BASE/api/v1/sale-notifications"
"$PSQL" -X -q -v ON_ERROR_STOP=1 -v offers="$OFFERS" -d "$WVLV_DATABASE_URL" \
  -f bench/keyset-seed.sql >/dev/null

# ---- 2. pages -------------------------------------------------------------------------------

# Does this binary page by cursor?
KEYSET=0
[ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $CLERK" \
  "$BASE/api/v1/sale-notifications?cursor=x")" = 400 ] &&
  curl -s -H "Authorization: Bearer $CLERK" "$BASE/api/v1/sale-notifications?cursor=x" |
  grep -q invalid-cursor && KEYSET=1

# b64url TEXT-SQL : base64url (no padding) of the SQL text expression
b64url() { printf "translate(encode(convert_to(%s, 'UTF8'), 'base64'), E'+/=\\\\n', '-_')" "$1"; }
# cursor_sql TAG KEYS FROM ORDER DEPTH : the cursor of the item before DEPTH in that order
cursor_at() {
  sql "SELECT $(b64url "'$1|' || $2") FROM $3 ORDER BY $4 OFFSET $(($5 - 1)) LIMIT 1"
}
US="(extract(epoch FROM created_at) * 1000000)::bigint"
OKEYS="to_char(received_on, 'YYYY-MM-DD') || '|' || $US || '|' || id"
DKEYS="$US || '|' || id"

# deep DEPTH TAG KEYS FROM ORDER : the query of the page DEPTH items deep
deep() {
  if [ "$KEYSET" = 1 ]; then printf 'cursor=%s' "$(cursor_at "$2" "$3" "$4" "$5" "$1")"
  else printf 'offset=%s' "$1"; fi
}

# time_ms AUTH URL : REPEAT requests; prints "p50 p90" in ms, or "HTTP <status>" when one does not answer 200
time_ms() {
  local i code t ts=()
  for ((i = 0; i < REPEAT; i++)); do
    read -r code t < <(curl -s -o /dev/null -w '%{http_code} %{time_total}\n' \
      ${1:+-H "Authorization: Bearer $1"} "$2")
    [ "$code" = 200 ] || { printf "HTTP %s" "$code"; return 0; } # e.g. 503: the statement timeout
    ts+=("$t")
  done
  printf '%s\n' "${ts[@]}" | sort -n | awk -v n="$REPEAT" '{ v[NR] = $1 * 1000 }
    END { printf "%.1f %.1f", v[int((n + 1) / 2)], v[int(n * 0.9 + 0.5)] }'
}

row() { # NAME AUTH URL
  printf '| %-58s | %8s | %8s |\n' "$1" $(time_ms "$2" "$3")
}

OF="sale_notifications WHERE status = 'received' AND response_deadline < '2030-01-01'"
OA=sale_notifications
ORD="received_on, created_at, id"
AUD="audit_log WHERE entity = 'sale-notification'"
say "$(basename "$WVLV") $( [ "$KEYSET" = 1 ] && echo 'with keyset cursors' || echo 'by offset') — $(nproc) cores, $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo), $REPEAT requests each"
printf '| %-58s | %8s | %8s |\n|%s|%s|%s|\n' "GET, limit=100" "p50 ms" "p90 ms" \
  "$(printf -- '-%.0s' {1..60})" "----------" "----------"
Q="$BASE/api/v1/sale-notifications?status=received&deadlineBefore=2030-01-01&limit=100"
row "sale-notifications status+deadlineBefore, first page" "$CLERK" "$Q"
row "  … offset=10000" "$CLERK" "$Q&offset=10000"
row "  … 10 000 deep ($( [ "$KEYSET" = 1 ] && echo cursor || echo offset))" "$CLERK" \
  "$Q&$(deep 10000 o1 "$OKEYS" "$OF" "$ORD")"
Q="$BASE/api/v1/sale-notifications?limit=100"
row "sale-notifications (all $((OFFERS + 1))), first page" "$CLERK" "$Q"
row "  … offset=10000" "$CLERK" "$Q&offset=10000"
row "  … 10 000 deep" "$CLERK" "$Q&$(deep 10000 o1 "$OKEYS" "$OA" "$ORD")"
row "  … 250 000 deep" "$CLERK" "$Q&$(deep 250000 o1 "$OKEYS" "$OA" "$ORD")"
Q="$BASE/api/v1/audit-log?entity=sale-notification&limit=100"
row "audit-log entity=sale-notification, first page" "$ADMIN" "$Q"
row "  … offset=10000" "$ADMIN" "$Q&offset=10000"
row "  … 10 000 deep" "$ADMIN" "$Q&$(deep 10000 a1 "id::text" "$AUD" id)"
row "  … 250 000 deep" "$ADMIN" "$Q&$(deep 250000 a1 "id::text" "$AUD" id)"
Q="$BASE/api/v1/designations?limit=100"
row "designations (all $((DESIGNATIONS + 0))), first page" "$ADMIN" "$Q"
row "  … offset=10000" "$ADMIN" "$Q&offset=10000"
row "  … $((DESIGNATIONS - 1000)) deep" "$ADMIN" \
  "$Q&$(deep $((DESIGNATIONS - 1000)) d1 "$DKEYS" designations "created_at, id")"
Q="$BASE/ogc/v1/collections/designations/items?limit=100"
row "OGC items, first page" "" "$Q"
row "  … offset=10000" "" "$Q&offset=10000"
row "  … $((DESIGNATIONS - 1000)) deep" "" \
  "$Q&$(deep $((DESIGNATIONS - 1000)) f1 "$DKEYS" designations "created_at, id")"

# ---- 3. the plan of the deepest offers page -------------------------------------------------

sql "ALTER DATABASE $(sql 'SELECT current_database()') SET auto_explain.log_min_duration = 0"
sql "ALTER DATABASE $(sql 'SELECT current_database()') SET auto_explain.log_analyze = on"
stop_processes "$SERVER_PID"
start_server "" "$PORT" SERVER_PID WVLV_OGC_CACHE_MB=0 # the statements, not the response cache
LOG=$PG_DIR/log   # scripts/pg.sh: the server log
: >"$LOG"
curl -fsS -o /dev/null -H "Authorization: Bearer $CLERK" \
  "$BASE/api/v1/sale-notifications?limit=100&$(deep 250000 o1 "$OKEYS" "$OA" "$ORD")" || true
say "plan of the page 250 000 deep (auto_explain)"
awk '/Query Text: SELECT s.id::text/ { on = 1; next } on && /^[0-9]{4}-/ { exit } on' "$LOG" |
  head -n 40
